// @trace-inspector/tracer: trace a Node app's functions into a SQLite file (the data_trace
// contract, docs/contract.md) that Trace Inspector opens live. See docs/tracer.md.
export {
  Tracer,
  createTracer,
  type TracerOptions,
  type TracerStats,
  type WrapOptions,
  type SpanContext,
} from './tracer.ts';
export { capture, type Captured } from './serialize.ts';
