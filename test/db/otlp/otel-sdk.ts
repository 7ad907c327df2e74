// Exports a small trace with the official OpenTelemetry JS SDK and OTLP exporters, to a receiver
// URL: a server span with attributes of every type, two children, and a failing grandchild.
import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export interface ExportedTrace {
  traceId: string;
  spans: { name: string; spanId: string; parentSpanId: string | null; durationMs: number }[];
}

export async function exportSampleTrace(
  url: string,
  flavour: 'json' | 'protobuf',
  service = 'checkout',
): Promise<ExportedTrace> {
  const exporter = flavour === 'json' ? new JsonExporter({ url }) : new ProtoExporter({ url });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('trace-inspector-test', '1.0.0');
  const ended: { span: Span; name: string; parent: Span | null }[] = [];
  const start = (name: string, parent: Span | null, kind = SpanKind.INTERNAL) => {
    const ctx = parent ? trace.setSpan(context.active(), parent) : context.active();
    const span = tracer.startSpan(name, { kind }, ctx);
    ended.push({ span, name, parent });
    return span;
  };
  const root = start('POST /orders', null, SpanKind.SERVER);
  root.setAttributes({
    'http.request.method': 'POST',
    'http.response.status_code': 500,
    retried: false,
    'cart.ratio': 0.25,
    'cart.skus': ['A-1', 'B-7'],
    note: 'quote " comma , newline \n ünïcode ✓',
  });
  const place = start('orders.service.place_order', root);
  place.setAttribute('order.id', 481234);
  const query = start('db.query', place, SpanKind.CLIENT);
  query.setAttribute('db.statement', 'SELECT * FROM orders WHERE id = ?');
  await new Promise((r) => setTimeout(r, 3));
  query.end();
  const charge = start('payments.gateway.charge', place, SpanKind.CLIENT);
  charge.setAttribute('amount', 59.9);
  const err = new RangeError('card declined');
  charge.recordException(err);
  charge.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  await new Promise((r) => setTimeout(r, 2));
  charge.end();
  place.setStatus({ code: SpanStatusCode.ERROR });
  place.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  const toMs = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
  return {
    traceId: root.spanContext().traceId,
    spans: ended.map(({ span, name, parent }) => {
      const r = span as unknown as { startTime: [number, number]; endTime: [number, number] };
      return {
        name,
        spanId: span.spanContext().spanId,
        parentSpanId: parent?.spanContext().spanId ?? null,
        durationMs: toMs(r.endTime) - toMs(r.startTime),
      };
    }),
  };
}
