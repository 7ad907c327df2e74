// `npm run serve -- [path-to-db] [--port N] [--data-dir DIR] [--otlp-port N] [--otlp-db PATH] [--token-file FILE]`:
// the engine and the HTTP transport, headless, on 127.0.0.1. With no path it opens the live demo
// database (the embedded default). --otlp-port also receives OpenTelemetry trace exports
// (OTLP/HTTP) into a contract database (default otlp.db in the data folder), opened beside it.
// Every request needs the run's token (docs/security.md): the printed address carries it,
// --token-file writes it for scripts, TRACE_INSPECTOR_TOKEN fixes it.
import { join, resolve } from 'node:path';
import { Engine } from '../../db/engine/engine.ts';
import { startHttpServer } from './http-server.ts';
import { bundledWorkers } from './bundled-workers.ts';
import { demoSentence, startDemo } from '../demo/demo-launch.ts';
import { defaultDataDir } from '../../db/index/sidecar-location.ts';
import { startOtlp } from './otlp-serve.ts';
import { parseCommandLine } from '../cli-args.ts';
import { newToken, removeTokenFile, TOKEN_ENV, tokenFromEnv, writeTokenFile } from './serve-token.ts';
import { armQuitDeadline } from '../quit-deadline.ts';

const USAGE = `usage: npm run serve -- [path/to/traces.db] [--port N] [--data-dir DIR] [--otlp-port N] [--otlp-db PATH] [--token-file FILE]
  Every request needs this run's token: open the printed address (it carries the token once, then a
  cookie does), or send \`Authorization: Bearer <token>\` from scripts.
  --token-file FILE        write the token to FILE (mode 0600), removed again at exit
  ${TOKEN_ENV}  fix the token instead of a random one (at least 32 hex characters)`;

/** Serve mode's flags: `npm start` checks the same ones before it hands them on. */
export const SERVE_FLAGS = {
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  'otlp-port': { type: 'string' },
  'otlp-db': { type: 'string' },
  'token-file': { type: 'string' },
} as const;

export async function serve(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, SERVE_FLAGS, USAGE);
  if (typeof args === 'number') return args;
  const port = args.values.port === undefined ? 7420 : Number(args.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535 (got ${args.values.port}).\n${USAGE}`);
    return 2;
  }
  const otlpPort = args.values['otlp-port'] === undefined ? null : Number(args.values['otlp-port']);
  if (otlpPort !== null && (!Number.isInteger(otlpPort) || otlpPort < 0 || otlpPort > 65535)) {
    console.error(`--otlp-port must be a number from 0 to 65535 (got ${args.values['otlp-port']}).\n${USAGE}`);
    return 2;
  }
  const fixed = tokenFromEnv(process.env);
  if (!fixed.ok) {
    console.error(fixed.message);
    return 2;
  }
  const token = fixed.token ?? newToken();
  const tokenFile = args.values['token-file'] === undefined ? null : resolve(args.values['token-file']);
  // Installed before any work: a signal during start-up still ends in a clean shutdown, and a
  // second one while shutting down is ignored instead of killing the process half-way.
  let stopRequested!: () => void;
  const stopped = new Promise<null>((done) => (stopRequested = () => done(null)));
  const onSignal = () => {
    stopRequested();
    armQuitDeadline();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const root = resolve(import.meta.dirname, '..', '..');
  let path = args.positionals[0];
  let stopDemo: (() => void) | null = null;
  if (!path) {
    const demo = await startDemo();
    stopDemo = demo.stop;
    path = demo.path;
    console.log(demoSentence(demo));
  }
  const engine = new Engine({ dataDir: args.values['data-dir'], workers: bundledWorkers(root) });
  let opened;
  try {
    // A signal while the file is still being checked stops at once.
    opened = await Promise.race([engine.invoke('open', { path }), stopped]);
    if (opened === null) {
      stopDemo?.();
      await engine.shutdown();
      return 0;
    }
  } catch (err) {
    console.error(`Cannot open ${path}: ${(err as Error).message}`);
    stopDemo?.();
    await engine.shutdown();
    return 1;
  }
  let server;
  try {
    server = await startHttpServer(engine, { port, token, staticDir: join(root, 'dist', 'renderer') });
  } catch (err) {
    console.error(`Cannot listen on 127.0.0.1:${port}: ${(err as Error).message}. Try --port 0 for any free port.`);
    stopDemo?.();
    await engine.shutdown();
    return 1;
  }
  let otlp = null;
  if (otlpPort !== null) {
    const otlpDb = resolve(args.values['otlp-db'] ?? join(args.values['data-dir'] ?? defaultDataDir(), 'otlp.db'));
    try {
      otlp = await startOtlp(engine, otlpDb, otlpPort);
    } catch (err) {
      console.error(`Cannot receive OTLP on 127.0.0.1:${otlpPort} into ${otlpDb}: ${(err as Error).message}`);
      stopDemo?.();
      await server.close();
      await engine.shutdown();
      return 1;
    }
    console.log(`Receiving OpenTelemetry traces (OTLP/HTTP) at ${otlp.url} into ${otlpDb} (handle ${otlp.db})`);
  }
  if (tokenFile) {
    try {
      writeTokenFile(tokenFile, token);
    } catch (err) {
      console.error(`Cannot write the token to ${tokenFile}: ${(err as Error).message}`);
      await otlp?.close();
      stopDemo?.();
      await server.close();
      await engine.shutdown();
      return 1;
    }
  }
  console.log(`Trace Inspector is serving ${opened.path} (handle ${opened.db})`);
  if (tokenFile) console.log(`The token is in ${tokenFile} (for scripts: Authorization: Bearer <token>).`);
  console.log(`Open ${server.appUrl} in a browser. Ctrl-C stops.`);
  await stopped;
  if (tokenFile) removeTokenFile(tokenFile, token);
  await otlp?.close();
  stopDemo?.();
  await server.close();
  await engine.shutdown();
  return 0;
}

if (import.meta.main) process.exitCode = await serve(process.argv.slice(2));
