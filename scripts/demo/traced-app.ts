// A small simulated Node service instrumented with @trace-inspector/tracer: checkout requests go
// through auth, the catalog, payments and notifications, calling each other across awaits. Some
// cards are declined, the payment provider sometimes times out, and the inventory sync loop
// quietly stops advancing its cursor after a while, so `lastSync` goes stale.
//
// Runs in-process (startTracedApp) or as its own process, the way `npm run demo` runs it beside
// the live writer (two SQLite libraries must never write one file from one process):
//   node scripts/demo/traced-app.ts --db path [--rate requests/s] [--heartbeat]
// On SIGTERM/SIGINT it flushes, prints one JSON line of TracerStats to stdout and exits 0.
import { parseArgs } from 'node:util';
import { createTracer, type TracerStats } from '../../tracer/index.ts';

export interface TracedAppOptions {
  path: string;
  /** Checkout requests per second (default 5, about 80 rows/s). */
  requestsPerSec?: number;
  /** Write writer_status heartbeats (default false: the demo's live writer already does). */
  heartbeat?: boolean;
  /** How often the inventory sync polls (default 1 s), and after how many polls it stalls (20). */
  syncEveryMs?: number;
  stallAfterPolls?: number;
}

export interface TracedApp {
  stop(): TracerStats;
  stats(): TracerStats;
}

class CardDeclinedError extends Error {
  override name = 'CardDeclinedError';
}
class ProviderTimeoutError extends Error {
  override name = 'ProviderTimeoutError';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (ms: number) => sleep(ms * (0.5 + Math.random()));
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

export function startTracedApp(opts: TracedAppOptions): TracedApp {
  // A few ms of busy timeout: this is its own process, and the demo's other writer commits too.
  const tracer = createTracer({ path: opts.path, heartbeatMs: opts.heartbeat ? 1000 : 0, busyTimeoutMs: 50 });
  const t = tracer;

  const verifyToken = t.wrap(
    async function verifyToken(token: string) {
      await jitter(2);
      return { userId: Number.parseInt(token.slice(4), 16) % 5000, scopes: ['orders:write'] };
    },
    { name: 'auth.session.verifyToken' },
  );

  const priceOf = t.wrap(
    function priceOf(sku: string, quantity: number) {
      return Math.round((sku.charCodeAt(4) % 40) * 1.5 * quantity * 100) / 100;
    },
    { name: 'catalog.pricing.priceOf' },
  );

  const stock = new Map<string, number>();
  const reserveStock = t.wrap(
    async function reserveStock(sku: string, quantity: number) {
      await jitter(4);
      const left = (stock.get(sku) ?? 50) - quantity;
      if (left < 0) throw new RangeError(`only ${left + quantity} of ${sku} left`);
      stock.set(sku, left);
      return { sku, reserved: quantity, left };
    },
    { name: 'catalog.inventory.reserveStock' },
  );

  const charge = t.wrap(
    async function charge(userId: number, amount: number, currency: string = 'EUR') {
      await jitter(15);
      const roll = Math.random();
      if (roll < 0.04) throw new CardDeclinedError(`card of user ${userId} declined for ${amount} ${currency}`);
      if (roll < 0.06) {
        await sleep(60);
        throw new ProviderTimeoutError('payment provider did not answer within 60 ms');
      }
      return { chargeId: `ch_${Math.random().toString(36).slice(2, 10)}`, amount, currency };
    },
    { name: 'payments.gateway.charge' },
  );

  const sendReceipt = t.wrap(
    async function sendReceipt(userId: number, receipt: { chargeId: string; amount: number }) {
      await jitter(8);
      return `receipt ${receipt.chargeId} queued for user ${userId}`;
    },
    { name: 'notifications.email.sendReceipt' },
  );

  const checkout = t.wrap(
    async function checkout(token: string, cart: { sku: string; quantity: number }[]) {
      const session = await verifyToken(token);
      await Promise.all(cart.map((line) => reserveStock(line.sku, line.quantity)));
      const amount = cart.reduce((sum, line) => sum + priceOf(line.sku, line.quantity), 0);
      const receipt = await charge(session.userId, Math.round(amount * 100) / 100);
      await sendReceipt(session.userId, receipt);
      return { orderId: Math.floor(Math.random() * 1e6), amount: receipt.amount };
    },
    { name: 'api.orders.checkout' },
  );

  // The sync loop's cursor stops moving after 20 polls by default (its upstream feed silently stalled):
  // every later call repeats the same lastSync, which the inspector flags as stale.
  let lastSync = new Date().toISOString();
  let polls = 0;
  const pollStock = t.wrap(
    async function pollStock(since: string) {
      await jitter(3);
      if (++polls < (opts.stallAfterPolls ?? 20)) lastSync = new Date().toISOString();
      for (const sku of stock.keys()) stock.set(sku, 50);
      return { since, refreshed: stock.size };
    },
    { name: 'catalog.sync.pollStock' },
  );

  const skus = ['SKU-A100', 'SKU-B220', 'SKU-C310', 'SKU-D405', 'SKU-E512', 'SKU-F618'];
  const rate = opts.requestsPerSec ?? 5;
  const requests = setInterval(() => {
    const cart = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => ({
      sku: pick(skus),
      quantity: 1 + Math.floor(Math.random() * 3),
    }));
    const token = `tok_${Math.floor(Math.random() * 0xffffff).toString(16)}`;
    checkout(token, cart).catch(() => {
      // Failed checkouts are traced (status ERROR with the exception); the demo just moves on.
    });
  }, 1000 / rate);
  const sync = setInterval(() => void pollStock(lastSync), opts.syncEveryMs ?? 1000);

  return {
    stats: () => tracer.stats(),
    stop: () => {
      clearInterval(requests);
      clearInterval(sync);
      return tracer.close();
    },
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, rate: { type: 'string' }, heartbeat: { type: 'boolean' } },
  });
  if (!values.db) {
    console.error('usage: node scripts/demo/traced-app.ts --db path [--rate requests/s] [--heartbeat]');
    process.exit(2);
  }
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  const app = startTracedApp({ path: values.db, requestsPerSec: rate, heartbeat: values.heartbeat });
  const finish = () => {
    console.log(JSON.stringify(app.stop()));
    process.exit(0);
  };
  process.once('SIGTERM', finish);
  process.once('SIGINT', finish);
}
