// The demo's imaginary shop: five services, the functions its tracer wraps, who calls whom, how
// long each takes, how often and how each fails, and the Python source each one lives in.
// Some variables are stale on purpose, so the inspector has something to find:
// inventory.sync.poll_stock's self.last_sync (stuck sync episodes), payments.gateway.charge's
// retry_count (stuck at 3 while the gateway is degraded), notifications.email.send's smtp_host.

import { isoSecondsUtc } from './iso-time.ts';
import { LIB, type LibraryFrame } from './library-frames.ts';
import type { PyType, PyValue } from './py-value.ts';
import type { Rng } from './rng.ts';

export interface Item {
  sku: string;
  qty: number;
  price: number;
}

/** Values shared by the calls of one trace, so a child sees the order its parent placed. */
export interface TraceContext {
  userId?: number;
  orderId?: number;
  items?: Item[];
  currency?: string;
  total?: number;
  token?: string;
  warehouse?: string;
  channel?: 'push' | 'sms';
  reservationId?: string;
  skuCursor?: number;
  template?: string;
  flow?: 'place' | 'cancel';
}

export interface CallContext {
  readonly r: Rng;
  readonly trace: TraceContext;
  readonly startUs: number;
  /** Set before the return value is drawn: a child failed and this call swallowed it. */
  failedChild: string | null;
}

type Gen<T = PyValue> = (c: CallContext) => T;

export interface ArgSpec {
  /** Captured variable name: an argument, or an attribute such as `self.last_sync`. */
  name: string;
  type: PyType;
  value: Gen;
}

export interface ErrorSpec {
  /** Exception class name. */
  type: string;
  /** Where the class lives: omitted for builtins, 'own' for one defined in the function's module. */
  module?: string;
  doc?: string;
  message: Gen<string>;
  /** Text of the body line that raises it (or that calls into the library that does). */
  at: string;
  via?: readonly LibraryFrame[];
  weight?: number;
  /** A failure that takes its own time, e.g. a 30 s read timeout. */
  durationMs?: (r: Rng) => number;
}

export interface ChildSpec {
  fn: string;
  /** Probability the child is called (default 1). */
  p?: number | Gen<number>;
  /** How many times it is called (default once). */
  times?: Gen<number>;
  /** The call as the parent's body writes it, when not `module.fn(` (an import alias). */
  call?: string;
  /** Probability a failure of the child propagates (else this call catches it). */
  propagate: number;
}

export interface FunctionSpec {
  process: string;
  /** Set when the function is a method: it is written inside this class. */
  className?: string;
  doc: string;
  args: ArgSpec[];
  returns: { type: PyType; value: Gen };
  children: ChildSpec[];
  /** Own running time in ms, lognormal: [median, sigma]. */
  selfMs: [number, number];
  errorP: number | Gen<number>;
  errors: ErrorSpec[];
  /** Typical bytes allocated; some calls free more than they allocate. */
  memory: { median: number; negativeP: number };
  /** Extra import lines of its module. */
  imports?: string[];
  /** Body lines, indented as inside the function (4 spaces are added). */
  body: string[];
}

export interface Catalog {
  functions: Map<string, FunctionSpec>;
  roots: { fn: string; weight: number }[];
}

/** A call is a 10–50× outlier this often (GC pause, cold cache, lock wait). */
export const OUTLIER_P = 0.003;

const FIRST = [
  'anna',
  'ben',
  'chloe',
  'david',
  'elif',
  'farah',
  'georg',
  'hana',
  'ivan',
  'julia',
  'kofi',
  'lena',
  'marco',
  'nora',
  'omar',
  'paula',
  'quinn',
  'rosa',
  'sven',
  'tariq',
];
const LAST = [
  'schmidt',
  'meyer',
  'dubois',
  'rossi',
  'novak',
  'jansen',
  'garcia',
  'kowalski',
  'murphy',
  'berg',
  'yilmaz',
  'silva',
];
const DOMAINS = ['example.com', 'mail.example.org', 'example.net'];
const WAREHOUSES = ['FRA-1', 'AMS-2', 'DUB-1', 'WAW-1'];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'EUR', 'USD', 'GBP', 'CHF'];
const COUNTRIES = ['DE', 'DE', 'FR', 'NL', 'IE', 'PL', 'IT', 'US', 'GB'];
const SCOPES = ['orders:write', 'orders:read', 'orders:read', 'account:read'];
const TEMPLATES = ['order_confirmation', 'order_confirmation', 'order_cancelled', 'password_reset', 'shipping_update'];
const CANCEL_REASONS = ['customer_request', 'customer_request', 'payment_failed', 'out_of_stock', 'fraud_suspected'];
const PUSH_TITLES = [
  'Your order has shipped',
  'Your parcel arrives today',
  'Price drop on your wishlist',
  'Your cart misses you',
];
const SMTP_HOST = 'smtp-relay.internal.example.com';

const round2 = (x: number) => Math.round(x * 100) / 100;
const userId = (c: CallContext) => (c.trace.userId ??= c.r.int(1000, 99_999));
const email = (id: number) =>
  `${FIRST[id % FIRST.length]}.${LAST[(id >> 3) % LAST.length]}@${DOMAINS[id % DOMAINS.length]}`;
const skuOf = (r: Rng) => `SKU-${r.int(1000, 1400)}`;
const currency = (c: CallContext) => (c.trace.currency ??= c.r.pick(CURRENCIES));
const warehouse = (c: CallContext) => (c.trace.warehouse ??= c.r.pick(WAREHOUSES));
const token = (c: CallContext) => (c.trace.token ??= `eyJhbGciOiJIUzI1NiJ9.${c.r.hex(24)}`);
const uuid = (r: Rng) => {
  const h = r.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
};
const itemsOf = (c: CallContext): Item[] =>
  (c.trace.items ??= Array.from({ length: c.r.weighted([1, 2, 3, 4], (n) => 5 - n) }, () => ({
    sku: skuOf(c.r),
    qty: c.r.weighted([1, 2, 3], (n) => 4 - n),
    price: round2(c.r.lognormal(24, 0.8) + 0.99),
  })));
const itemsValue = (items: Item[]): PyValue => items.map((i) => ({ sku: i.sku, qty: i.qty, price: i.price }));
const totalOf = (c: CallContext) => (c.trace.total ??= round2(itemsOf(c).reduce((s, i) => s + i.qty * i.price, 0)));
const seconds = (lo: number, hi: number) => (r: Rng) => r.int(lo * 1000, hi * 1000);

export function createCatalog(): Catalog {
  // State that lives across calls: this is what makes values repeat in long runs.
  let nextOrderId = 480_000;
  let nextLedgerEntry = 9_120_000;
  let lastSyncUs = 0;
  let syncStuckLeft = 0;
  let gatewayDegradedLeft = 0;

  const fns: FunctionSpec[] = [
    // ---------------------------------------------------------------- orders
    {
      process: 'orders.api.create_order',
      doc: 'POST /v1/orders: validate the request and place the order.',
      imports: [
        'from orders import service',
        'from orders.models import OrderRequest',
        'from payments.errors import PaymentError',
      ],
      args: [
        { name: 'request_id', type: 'str', value: (c) => `req_${c.r.hex(16).slice(0, 12)}` },
        { name: 'user_id', type: 'int', value: userId },
        {
          name: 'payload',
          type: 'dict',
          value: (c) => ({
            items: itemsValue(itemsOf(c)),
            currency: currency(c),
            coupon: c.r.chance(0.1) ? c.r.pick(['WELCOME10', 'BLACKFRIDAY', 'FREESHIP']) : null,
          }),
        },
      ],
      returns: {
        type: 'dict',
        value: (c): PyValue =>
          c.failedChild ? { status: 402, error: 'payment failed' } : { status: 201, order_id: c.trace.orderId ?? null },
      },
      children: [{ fn: 'orders.service.place_order', propagate: 0.3 }],
      selfMs: [1.8, 0.5],
      errorP: 0.005,
      errors: [
        {
          type: 'ValidationError',
          module: 'pydantic_core._pydantic_core',
          at: 'OrderRequest.model_validate(',
          via: LIB.pydanticValidate,
          message: (c) =>
            `1 validation error for OrderRequest\nitems.${c.r.int(0, 3)}.qty\n  Input should be greater than 0 [type=greater_than, input_value=0, input_type=int]`,
        },
      ],
      memory: { median: 6_000, negativeP: 0.1 },
      body: [
        'body = OrderRequest.model_validate(payload)',
        'user = {"id": user_id, "currency": body.currency, "token": request_token()}',
        'try:',
        '    placed = service.place_order(next_order_id(), body.items, user)',
        'except PaymentError as exc:',
        '    log.info("order request %s rejected: %s", request_id, exc)',
        '    return {"status": 402, "error": str(exc)}',
        'return {"status": 201, "order_id": placed["order_id"]}',
      ],
    },
    {
      process: 'orders.service.place_order',
      doc: 'Reserve stock, take payment and persist the order.',
      imports: [
        'from auth import session',
        'from inventory import stock',
        'from notifications import email',
        'from orders import pricing, repository',
        'from payments import gateway',
      ],
      args: [
        {
          name: 'order_id',
          type: 'int',
          value: (c) => {
            c.trace.flow = 'place';
            c.trace.template = 'order_confirmation';
            return (c.trace.orderId = nextOrderId++);
          },
        },
        { name: 'items', type: 'list', value: (c) => itemsValue(itemsOf(c)) },
        {
          name: 'user',
          type: 'dict',
          value: (c) => ({ id: userId(c), email: email(userId(c)), currency: currency(c) }),
        },
      ],
      returns: {
        type: 'dict',
        value: (c) => ({ order_id: c.trace.orderId ?? 0, reservation: c.trace.reservationId ?? null, status: 'PAID' }),
      },
      children: [
        { fn: 'auth.session.verify_token', propagate: 1 },
        { fn: 'orders.pricing.compute_total', propagate: 1 },
        { fn: 'inventory.stock.reserve', propagate: 1 },
        { fn: 'payments.gateway.charge', propagate: 1 },
        { fn: 'orders.repository.save', propagate: 1 },
        { fn: 'notifications.email.send', p: 0.85, propagate: 0 },
      ],
      selfMs: [2.5, 0.6],
      errorP: 0.006,
      errors: [
        {
          type: 'ValueError',
          at: 'raise ValueError',
          message: (c) => `order ${c.trace.orderId} has a non-positive total ${c.r.pick(['0.0', '-4.99'])}`,
        },
      ],
      memory: { median: 14_000, negativeP: 0.12 },
      body: [
        'claims = session.verify_token(user["token"], scope="orders:write")',
        'total = pricing.compute_total(items, user["currency"], coupon=user.get("coupon"))',
        'if total <= 0:',
        '    raise ValueError(f"order {order_id} has a non-positive total {total}")',
        'reservation = stock.reserve([i["sku"] for i in items], nearest_warehouse(claims), ttl_s=900)',
        'payment = gateway.charge(order_id, total, user["currency"], retry_count=retries.get(order_id, 0))',
        'repository.save(order_id, "PAID", total)',
        'try:',
        '    email.send(user["email"], "order_confirmation", SMTP_HOST)',
        'except Exception:',
        '    log.exception("confirmation mail failed for order %s", order_id)',
        'return {"order_id": order_id, "reservation": reservation, "status": payment["status"]}',
      ],
    },
    {
      process: 'orders.service.cancel_order',
      doc: 'Cancel an order: release its stock and refund it.',
      imports: ['from auth import permissions'],
      args: [
        {
          name: 'order_id',
          type: 'int',
          value: (c) => {
            c.trace.flow = 'cancel';
            c.trace.template = 'order_cancelled';
            return (c.trace.orderId = c.r.int(nextOrderId - 5000, nextOrderId - 1));
          },
        },
        { name: 'reason', type: 'str', value: (c) => c.r.pick(CANCEL_REASONS) },
      ],
      returns: { type: 'bool', value: (c) => c.failedChild === null },
      children: [
        { fn: 'auth.permissions.check', propagate: 1 },
        { fn: 'inventory.stock.release', propagate: 0.3 },
        { fn: 'payments.gateway.refund', p: 0.8, propagate: 1 },
        { fn: 'orders.repository.save', propagate: 1 },
        { fn: 'notifications.email.send', p: 0.9, propagate: 0 },
      ],
      selfMs: [2, 0.6],
      errorP: 0.01,
      errors: [
        {
          type: 'OrderNotCancellable',
          module: 'own',
          doc: 'The order has left the warehouse.',
          at: 'raise OrderNotCancellable',
          message: (c) => `order ${c.trace.orderId} already shipped`,
        },
      ],
      memory: { median: 9_000, negativeP: 0.15 },
      body: [
        'order = repository.load(order_id)',
        'permissions.check(order.user_id, "cancel", f"order:{order_id}")',
        'if order.status == "SHIPPED":',
        '    raise OrderNotCancellable(f"order {order_id} already shipped")',
        'stock.release(order.reservation_id, reason)',
        'if order.paid:',
        '    gateway.refund(order_id, order.total, reason)',
        'repository.save(order_id, "CANCELLED", order.total)',
        'email.send(order.email, "order_cancelled", SMTP_HOST)',
        'return True',
      ],
    },
    {
      process: 'orders.pricing.compute_total',
      doc: 'Sum the items at list price, apply the coupon, convert to the currency.',
      imports: ['from payments import currency as fx'],
      args: [
        { name: 'items', type: 'list', value: (c) => itemsValue(itemsOf(c)) },
        { name: 'currency', type: 'str', value: currency },
        {
          name: 'coupon',
          type: 'str',
          value: (c) => (c.r.chance(0.1) ? c.r.pick(['WELCOME10', 'BLACKFRIDAY', 'FREESHIP']) : null),
        },
      ],
      returns: { type: 'float', value: totalOf },
      children: [
        {
          fn: 'payments.currency.convert',
          call: 'fx.convert(',
          p: (c) => (currency(c) === 'EUR' ? 0 : 1),
          propagate: 1,
        },
      ],
      selfMs: [0.6, 0.5],
      errorP: 0.008,
      errors: [{ type: 'KeyError', at: 'PRICE_BOOK[', message: (c) => `'${skuOf(c.r)}'` }],
      memory: { median: 2_500, negativeP: 0.1 },
      body: [
        'subtotal = sum(PRICE_BOOK[item["sku"]] * item["qty"] for item in items)',
        'subtotal -= COUPONS.get(coupon, 0) * subtotal',
        'if currency != "EUR":',
        '    subtotal = fx.convert(subtotal, "EUR", currency)',
        'return round(subtotal, 2)',
      ],
    },
    {
      process: 'orders.repository.save',
      doc: 'Upsert the order row.',
      imports: ['from orders.db import pool'],
      args: [
        { name: 'order_id', type: 'int', value: (c) => c.trace.orderId ?? nextOrderId },
        { name: 'status', type: 'str', value: (c) => (c.trace.flow === 'cancel' ? 'CANCELLED' : 'PAID') },
        { name: 'total', type: 'float', value: totalOf },
      ],
      returns: { type: 'str', value: () => null },
      children: [],
      selfMs: [3.5, 0.7],
      errorP: 0.006,
      errors: [
        {
          type: 'SerializationFailure',
          module: 'psycopg.errors',
          at: 'cur.execute(',
          via: LIB.psycopgExecute,
          message: () => 'could not serialize access due to concurrent update',
        },
      ],
      memory: { median: 3_000, negativeP: 0.2 },
      body: [
        'with pool.connection() as conn, conn.cursor() as cur:',
        '    cur.execute(UPSERT_ORDER, {"id": order_id, "status": status, "total": total})',
      ],
    },
    // -------------------------------------------------------------- payments
    {
      process: 'payments.gateway.charge',
      doc: 'Charge the customer through the payment provider.',
      imports: ['import requests', 'from payments import fraud, ledger'],
      args: [
        { name: 'order_id', type: 'int', value: (c) => c.trace.orderId ?? nextOrderId },
        { name: 'amount', type: 'float', value: totalOf },
        { name: 'currency', type: 'str', value: currency },
        {
          name: 'retry_count',
          type: 'int',
          value: (c) => {
            // While the provider is degraded every charge goes out on its last retry.
            if (gatewayDegradedLeft > 0) {
              gatewayDegradedLeft--;
              return 3;
            }
            if (c.r.chance(0.0005)) {
              gatewayDegradedLeft = c.r.int(40, 400);
              return 3;
            }
            return c.r.weighted([0, 1, 2], (n) => [92, 6, 2][n]);
          },
        },
      ],
      returns: { type: 'dict', value: (c) => ({ id: `ch_${c.r.hex(24)}`, status: 'succeeded', amount: totalOf(c) }) },
      children: [
        { fn: 'payments.fraud.score', propagate: 1 },
        { fn: 'payments.ledger.record', propagate: 1 },
      ],
      selfMs: [160, 0.45],
      errorP: () => (gatewayDegradedLeft > 0 ? 0.12 : 0.02),
      errors: [
        {
          type: 'ReadTimeout',
          module: 'requests.exceptions',
          at: 'requests.post(',
          via: LIB.requestsPost,
          weight: 1,
          durationMs: seconds(30, 30.2),
          message: () =>
            "HTTPSConnectionPool(host='api.payments.example.com', port=443): Read timed out. (read timeout=30)",
        },
        {
          type: 'CardDeclined',
          module: 'own',
          doc: 'The issuer refused the charge.',
          at: 'raise CardDeclined(f"',
          weight: 2,
          message: (c) =>
            `card declined (${c.r.pick(['insufficient_funds', 'do_not_honor', 'expired_card', 'incorrect_cvc'])})`,
        },
      ],
      memory: { median: 48_000, negativeP: 0.1 },
      body: [
        'risk = fraud.score(current_user_id(), amount, country_of(order_id))',
        'if risk > 0.9:',
        '    raise CardDeclined("card declined (fraud_suspected)")',
        'resp = requests.post(CHARGES_URL, json={"order": order_id, "amount": amount, "currency": currency}, timeout=30)',
        'if resp.json()["status"] == "declined":',
        '    raise CardDeclined(f"card declined ({resp.json()[\'decline_code\']})")',
        'ledger.record(f"orders:{order_id}", amount, "charge")',
        'return resp.json()',
      ],
    },
    {
      process: 'payments.gateway.refund',
      doc: 'Refund a charge in full.',
      imports: ['import requests', 'from payments import ledger'],
      args: [
        {
          name: 'order_id',
          type: 'int',
          value: (c) => (c.trace.orderId ??= c.r.int(nextOrderId - 5000, nextOrderId - 1)),
        },
        { name: 'amount', type: 'float', value: totalOf },
        { name: 'reason', type: 'str', value: (c) => c.r.pick(CANCEL_REASONS) },
      ],
      returns: { type: 'str', value: (c) => `re_${c.r.hex(24)}` },
      children: [{ fn: 'payments.ledger.record', propagate: 1 }],
      selfMs: [140, 0.45],
      errorP: 0.01,
      errors: [
        {
          type: 'RefundWindowClosed',
          module: 'own',
          doc: 'Charges older than 180 days cannot be refunded.',
          at: 'raise RefundWindowClosed',
          message: (c) => `charge for order ${c.trace.orderId} is ${c.r.int(181, 400)} days old`,
        },
      ],
      memory: { median: 30_000, negativeP: 0.1 },
      body: [
        'charge = find_charge(order_id)',
        'if charge.age_days > 180:',
        '    raise RefundWindowClosed(f"charge for order {order_id} is {charge.age_days} days old")',
        'resp = requests.post(REFUNDS_URL, json={"charge": charge.id, "reason": reason}, timeout=30)',
        'ledger.record(f"orders:{order_id}", -amount, "refund")',
        'return resp.json()["id"]',
      ],
    },
    {
      process: 'payments.fraud.score',
      doc: 'Risk score in [0, 1] from the model and the customer history.',
      args: [
        { name: 'user_id', type: 'int', value: userId },
        { name: 'amount', type: 'float', value: totalOf },
        { name: 'country', type: 'str', value: (c) => c.r.pick(COUNTRIES) },
      ],
      returns: { type: 'float', value: (c) => Math.round(Math.min(0.999, c.r.float() ** 3) * 1000) / 1000 },
      children: [],
      selfMs: [22, 0.6],
      errorP: 0.005,
      errors: [{ type: 'ZeroDivisionError', at: 'history.total_spent /', message: () => 'float division by zero' }],
      memory: { median: 120_000, negativeP: 0.25 },
      body: [
        'history = HISTORY.get(user_id)',
        'ratio = amount / (history.total_spent / max(history.orders, 1))',
        'features = [ratio, COUNTRY_RISK.get(country, 0.5), history.chargebacks]',
        'return float(MODEL.predict_proba([features])[0][1])',
      ],
    },
    {
      process: 'payments.ledger.record',
      doc: 'Append a double-entry ledger line.',
      imports: ['from payments.db import pool'],
      args: [
        { name: 'account', type: 'str', value: (c) => `orders:${c.trace.orderId ?? 0}` },
        { name: 'amount', type: 'float', value: totalOf },
        { name: 'entry_type', type: 'str', value: (c) => (c.trace.flow === 'place' ? 'charge' : 'refund') },
      ],
      returns: { type: 'int', value: () => nextLedgerEntry++ },
      children: [],
      selfMs: [4, 0.5],
      errorP: 0.004,
      errors: [
        {
          type: 'UniqueViolation',
          module: 'psycopg.errors',
          at: 'cur.execute(',
          via: LIB.psycopgExecute,
          message: () =>
            `duplicate key value violates unique constraint "ledger_entries_pkey"\nDETAIL:  Key (entry_id)=(${nextLedgerEntry}) already exists.`,
        },
      ],
      memory: { median: 2_000, negativeP: 0.2 },
      body: [
        'with pool.connection() as conn, conn.cursor() as cur:',
        '    cur.execute(INSERT_ENTRY, (account, amount, entry_type))',
        '    return cur.fetchone()[0]',
      ],
    },
    {
      process: 'payments.currency.convert',
      doc: 'Convert with the cached ECB reference rate.',
      args: [
        { name: 'amount', type: 'float', value: totalOf },
        { name: 'from_ccy', type: 'str', value: () => 'EUR' },
        { name: 'to_ccy', type: 'str', value: currency },
      ],
      returns: { type: 'float', value: (c) => round2(totalOf(c) * (1 + c.r.normal() * 0.02)) },
      children: [],
      selfMs: [1.2, 0.5],
      errorP: 0.01,
      errors: [
        {
          type: 'StaleRate',
          module: 'own',
          doc: 'The cached rate is older than allowed.',
          at: 'raise StaleRate',
          message: (c) => `rate EUR/${currency(c)} is ${c.r.int(3601, 9000)} s old (limit 3600 s)`,
        },
      ],
      memory: { median: 1_200, negativeP: 0.1 },
      body: [
        'rate = RATES.get(f"{from_ccy}/{to_ccy}")',
        'if rate.age_s > 3600:',
        '    raise StaleRate(f"rate {from_ccy}/{to_ccy} is {rate.age_s} s old (limit 3600 s)")',
        'return round(amount * rate.value, 2)',
      ],
    },
    // ------------------------------------------------------------- inventory
    {
      process: 'inventory.stock.reserve',
      doc: 'Hold stock for an order for ttl_s seconds.',
      args: [
        { name: 'skus', type: 'list', value: (c) => itemsOf(c).map((i) => i.sku) },
        { name: 'warehouse', type: 'str', value: warehouse },
        { name: 'ttl_s', type: 'int', value: () => 900 },
      ],
      returns: { type: 'str', value: (c) => (c.trace.reservationId = `res_${c.r.hex(16).slice(0, 10)}`) },
      children: [{ fn: 'inventory.stock.check_level', times: (c) => itemsOf(c).length, propagate: 1 }],
      selfMs: [2.5, 0.5],
      errorP: 0.012,
      errors: [
        {
          type: 'OutOfStock',
          module: 'own',
          doc: 'Not enough units to reserve.',
          at: 'raise OutOfStock',
          message: (c) => `${itemsOf(c)[0].sku} has 0 units left in ${warehouse(c)}`,
        },
      ],
      memory: { median: 5_000, negativeP: 0.1 },
      body: [
        'for sku in skus:',
        '    if check_level(sku, warehouse) <= 0:',
        '        raise OutOfStock(f"{sku} has 0 units left in {warehouse}")',
        'reservation_id = new_reservation_id()',
        'HOLDS.setex(reservation_id, ttl_s, ",".join(skus))',
        'return reservation_id',
      ],
    },
    {
      process: 'inventory.stock.check_level',
      doc: 'Units on hand, from the Redis stock cache.',
      imports: ['from inventory.cache import redis_client'],
      args: [
        {
          name: 'sku',
          type: 'str',
          value: (c) => {
            const items = itemsOf(c);
            const i = (c.trace.skuCursor = (c.trace.skuCursor ?? -1) + 1);
            return items[i % items.length].sku;
          },
        },
        { name: 'warehouse', type: 'str', value: warehouse },
      ],
      returns: { type: 'int', value: (c) => Math.max(0, Math.round(c.r.lognormal(40, 1))) },
      children: [],
      selfMs: [0.9, 0.5],
      errorP: 0.005,
      errors: [
        {
          type: 'ConnectionError',
          module: 'redis.exceptions',
          at: 'redis_client.get(',
          via: LIB.redisCommand,
          message: () => 'Error 111 connecting to redis-inventory:6379. Connection refused.',
        },
      ],
      memory: { median: 800, negativeP: 0.1 },
      body: ['level = redis_client.get(f"stock:{warehouse}:{sku}")', 'return int(level or 0)'],
    },
    {
      process: 'inventory.stock.release',
      doc: 'Drop a reservation before it expires.',
      args: [
        {
          name: 'reservation_id',
          type: 'str',
          value: (c) => (c.trace.reservationId ??= `res_${c.r.hex(16).slice(0, 10)}`),
        },
        { name: 'reason', type: 'str', value: (c) => c.r.pick(CANCEL_REASONS) },
      ],
      returns: { type: 'str', value: () => null },
      children: [],
      selfMs: [2.2, 0.5],
      errorP: 0.005,
      errors: [{ type: 'KeyError', at: 'HOLDS.pop(', message: (c) => `'${c.trace.reservationId ?? 'res_unknown'}'` }],
      memory: { median: 1_500, negativeP: 0.3 },
      body: ['skus = HOLDS.pop(reservation_id)', 'log.info("released %s (%s): %s", reservation_id, reason, skus)'],
    },
    {
      process: 'inventory.sync.poll_stock',
      className: 'StockSync',
      doc: 'Pull stock deltas from the warehouse system since the last sync.',
      imports: ['import requests'],
      args: [
        {
          name: 'self.last_sync',
          type: 'str',
          value: (c) => {
            // A stuck sync keeps asking "since" the same moment for hundreds of polls.
            if (syncStuckLeft > 0) syncStuckLeft--;
            else if (lastSyncUs !== 0 && c.r.chance(0.01)) syncStuckLeft = c.r.int(50, 600);
            else lastSyncUs = c.startUs - c.r.int(1, 30) * 1e6;
            return isoSecondsUtc(lastSyncUs);
          },
        },
        { name: 'warehouse', type: 'str', value: warehouse },
        { name: 'batch_size', type: 'int', value: (c) => c.r.pick([500, 500, 500, 1000]) },
      ],
      returns: { type: 'int', value: (c) => (syncStuckLeft > 0 ? 0 : c.r.int(0, 40)) },
      children: [
        { fn: 'inventory.sync.apply_delta', times: (c) => (syncStuckLeft > 0 ? 0 : c.r.int(0, 4)), propagate: 0.5 },
      ],
      selfMs: [35, 0.5],
      errorP: 0.02,
      errors: [
        {
          type: 'ConnectionError',
          module: 'requests.exceptions',
          at: 'self.session.get(',
          via: LIB.requestsGet,
          durationMs: seconds(3, 10),
          message: () =>
            "HTTPSConnectionPool(host='wms.internal.example.com', port=443): Max retries exceeded with url: /api/v2/stock/deltas (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f3a2c1d5e50>: Failed to establish a new connection: [Errno 111] Connection refused'))",
        },
      ],
      memory: { median: 400_000, negativeP: 0.35 },
      body: [
        'resp = self.session.get(f"{WMS_URL}/stock/deltas", params={"since": self.last_sync, "warehouse": warehouse, "limit": batch_size})',
        'deltas = resp.json()["deltas"]',
        'for d in deltas:',
        '    apply_delta(d["sku"], d["delta"], "wms")',
        'if deltas:',
        '    self.last_sync = deltas[-1]["at"]',
        'return len(deltas)',
      ],
    },
    {
      process: 'inventory.sync.apply_delta',
      doc: 'Apply one stock movement to the cache.',
      imports: ['from inventory.cache import redis_client'],
      args: [
        { name: 'sku', type: 'str', value: (c) => skuOf(c.r) },
        { name: 'delta', type: 'int', value: (c) => c.r.weighted([-3, -2, -1, 5, 10, 24], (d) => (d < 0 ? 3 : 1)) },
        { name: 'source', type: 'str', value: () => 'wms' },
      ],
      returns: { type: 'int', value: (c) => c.r.int(0, 300) },
      children: [],
      selfMs: [1.5, 0.5],
      errorP: 0.01,
      errors: [
        {
          type: 'ValueError',
          at: 'raise ValueError',
          message: (c) => `stock for ${skuOf(c.r)} would become negative: -${c.r.int(1, 5)}`,
        },
      ],
      memory: { median: 700, negativeP: 0.1 },
      body: [
        'level = redis_client.incrby(f"stock:{sku}", delta)',
        'if level < 0:',
        '    raise ValueError(f"stock for {sku} would become negative: {level}")',
        'return level',
      ],
    },
    // ------------------------------------------------------------------ auth
    {
      process: 'auth.session.verify_token',
      doc: 'Check a bearer token and return its claims.',
      imports: ['import jwt', 'from auth import cache'],
      args: [
        { name: 'token', type: 'str', value: token },
        { name: 'scope', type: 'str', value: (c) => c.r.pick(SCOPES) },
      ],
      returns: {
        type: 'dict',
        value: (c) => ({ sub: userId(c), scope: 'orders:write', exp: Math.floor(c.startUs / 1e6) + c.r.int(60, 3600) }),
      },
      children: [{ fn: 'auth.cache.get', propagate: 0.3 }],
      selfMs: [0.5, 0.5],
      errorP: 0.015,
      errors: [
        {
          type: 'TokenExpired',
          module: 'own',
          doc: 'The token is past its exp claim.',
          at: 'raise TokenExpired',
          weight: 3,
          message: (c) => `token expired ${c.r.int(1, 900)} s ago`,
        },
        {
          type: 'PermissionError',
          at: 'raise PermissionError(f"scope',
          weight: 1,
          message: (c) => `scope '${c.r.pick(SCOPES)}' not granted to user ${userId(c)}`,
        },
      ],
      memory: { median: 1_800, negativeP: 0.1 },
      body: [
        'claims = jwt.decode(token, SIGNING_KEY, algorithms=["HS256"], options={"verify_exp": False})',
        'if cache.get(f"revoked:{claims[\'jti\']}"):',
        '    raise PermissionError(f"token {claims[\'jti\']} was revoked")',
        'if claims["exp"] < time.time():',
        '    raise TokenExpired(f"token expired {int(time.time() - claims[\'exp\'])} s ago")',
        'if scope not in claims["scopes"]:',
        "    raise PermissionError(f\"scope '{scope}' not granted to user {claims['sub']}\")",
        'return claims',
      ],
    },
    {
      process: 'auth.session.create',
      doc: 'Issue a session token.',
      imports: ['import jwt'],
      args: [
        { name: 'user_id', type: 'int', value: userId },
        { name: 'ttl_s', type: 'int', value: (c) => c.r.pick([3600, 3600, 86_400]) },
      ],
      returns: { type: 'str', value: token },
      children: [],
      selfMs: [1.6, 0.5],
      errorP: 0.005,
      errors: [
        {
          type: 'ConnectionError',
          module: 'redis.exceptions',
          at: 'SESSIONS.setex(',
          via: LIB.redisCommand,
          message: () => 'Error 111 connecting to redis-sessions:6379. Connection refused.',
        },
      ],
      memory: { median: 2_400, negativeP: 0.1 },
      body: [
        'jti = secrets.token_hex(16)',
        'SESSIONS.setex(f"session:{jti}", ttl_s, user_id)',
        'return jwt.encode({"sub": user_id, "jti": jti, "exp": time.time() + ttl_s}, SIGNING_KEY)',
      ],
    },
    {
      process: 'auth.cache.get',
      doc: 'Read-through cache in front of the auth database.',
      args: [
        { name: 'key', type: 'str', value: (c) => c.r.pick(['revoked:', 'ratelimit:login:', 'user:']) + c.r.hex(8) },
      ],
      returns: { type: 'str', value: (c) => (c.r.chance(0.7) ? null : c.r.pick(['1', '0', '{"locked": false}'])) },
      children: [],
      selfMs: [0.25, 0.5],
      errorP: 0.004,
      errors: [
        {
          type: 'TimeoutError',
          module: 'redis.exceptions',
          at: 'REDIS.get(',
          via: LIB.redisRead,
          durationMs: seconds(0.5, 0.6),
          message: () => 'Timeout reading from redis-auth:6379',
        },
      ],
      memory: { median: 400, negativeP: 0.1 },
      body: ['value = REDIS.get(key)', 'return value.decode() if value is not None else None'],
    },
    {
      process: 'auth.login.authenticate',
      doc: 'Username and password login, with optional second factor.',
      imports: ['import bcrypt', 'from auth import cache, session'],
      args: [
        { name: 'username', type: 'str', value: (c) => email(userId(c)) },
        { name: 'password_hash', type: 'str', value: (c) => `$2b$12$${c.r.hex(32).slice(0, 22)}` },
        { name: 'mfa', type: 'bool', value: (c) => c.r.chance(0.35) },
      ],
      returns: { type: 'str', value: (c) => (c.failedChild ? null : token(c)) },
      children: [
        { fn: 'auth.cache.get', propagate: 0 },
        { fn: 'auth.session.create', propagate: 1 },
      ],
      selfMs: [70, 0.3],
      errorP: 0.03,
      errors: [
        {
          type: 'InvalidCredentials',
          module: 'own',
          doc: 'Unknown user or wrong password.',
          at: 'raise InvalidCredentials',
          weight: 5,
          message: (c) => `bad password for '${email(userId(c))}'`,
        },
        {
          type: 'AccountLocked',
          module: 'own',
          doc: 'Too many failed attempts.',
          at: 'raise AccountLocked',
          weight: 1,
          message: (c) => `account ${userId(c)} locked after 5 failed attempts`,
        },
      ],
      memory: { median: 8_000, negativeP: 0.1 },
      body: [
        'if cache.get(f"ratelimit:login:{username}") == "1":',
        '    raise AccountLocked(f"account {username} locked after 5 failed attempts")',
        'user = USERS.find_by_email(username)',
        'if user is None or not bcrypt.checkpw(password_hash.encode(), user.password.encode()):',
        '    raise InvalidCredentials(f"bad password for {username!r}")',
        'return session.create(user.id, ttl_s=86_400 if mfa else 3_600)',
      ],
    },
    {
      process: 'auth.permissions.check',
      doc: 'May this user do this action on this resource?',
      args: [
        { name: 'user_id', type: 'int', value: userId },
        { name: 'action', type: 'str', value: (c) => c.r.pick(['cancel', 'cancel', 'refund', 'read']) },
        { name: 'resource', type: 'str', value: (c) => `order:${c.trace.orderId ?? c.r.int(400_000, 480_000)}` },
      ],
      returns: { type: 'bool', value: () => true },
      children: [],
      selfMs: [0.7, 0.4],
      errorP: 0.005,
      errors: [
        {
          type: 'PermissionError',
          at: 'raise PermissionError',
          message: (c) => `user ${userId(c)} may not cancel order:${c.trace.orderId ?? 0}`,
        },
      ],
      memory: { median: 900, negativeP: 0.1 },
      body: [
        'grants = GRANTS.for_user(user_id)',
        'if not grants.allows(action, resource):',
        '    raise PermissionError(f"user {user_id} may not {action} {resource}")',
        'return True',
      ],
    },
    // --------------------------------------------------------- notifications
    {
      process: 'notifications.email.send',
      doc: 'Render a template and hand it to the SMTP relay.',
      imports: ['import smtplib', 'from notifications import templates'],
      args: [
        { name: 'to', type: 'str', value: (c) => email(userId(c)) },
        { name: 'template', type: 'str', value: (c) => (c.trace.template ??= c.r.pick(TEMPLATES)) },
        { name: 'smtp_host', type: 'str', value: () => SMTP_HOST },
      ],
      returns: { type: 'str', value: (c) => `<${c.r.hex(16)}@mail.example.com>` },
      children: [{ fn: 'notifications.templates.render', propagate: 1 }],
      selfMs: [110, 0.5],
      errorP: 0.015,
      errors: [
        {
          type: 'SMTPServerDisconnected',
          module: 'smtplib',
          at: 'smtp.sendmail(',
          via: LIB.smtpSend,
          weight: 3,
          message: () => 'Connection unexpectedly closed',
        },
        {
          type: 'SMTPRecipientsRefused',
          module: 'smtplib',
          at: 'smtp.sendmail(',
          via: LIB.smtpRcpt,
          weight: 1,
          message: (c) =>
            `{'${email(userId(c))}': (550, b'5.1.1 The email account that you tried to reach does not exist.')}`,
        },
      ],
      memory: { median: 60_000, negativeP: 0.2 },
      body: [
        'html = templates.render(template, {"to": to, "order": current_order()})',
        'with smtplib.SMTP(smtp_host, 587, timeout=10) as smtp:',
        '    smtp.starttls()',
        '    smtp.sendmail(SENDER, [to], build_message(to, template, html).as_string())',
        'return message_id',
      ],
    },
    {
      process: 'notifications.templates.render',
      doc: 'Render a Jinja template.',
      args: [
        { name: 'template', type: 'str', value: (c) => c.trace.template ?? c.r.pick(TEMPLATES) },
        { name: 'context', type: 'dict', value: (c) => ({ to: email(userId(c)), order: c.trace.orderId ?? null }) },
      ],
      returns: {
        type: 'str',
        value: (c) =>
          `<html><body><h1>Thank you for your order #${c.trace.orderId ?? 0}</h1><p>We will let you know when it ships.</p>`,
      },
      children: [],
      selfMs: [5, 0.6],
      errorP: 0.005,
      errors: [
        {
          type: 'UndefinedError',
          module: 'jinja2.exceptions',
          at: '.render(',
          via: LIB.jinjaRender,
          message: () => "'dict object' has no attribute 'tracking_url'",
        },
      ],
      memory: { median: 90_000, negativeP: 0.3 },
      body: ['return ENV.get_template(f"{template}.html").render(**context)'],
    },
    {
      process: 'notifications.push.deliver',
      doc: 'Send a push notification through FCM.',
      imports: ['import httpx'],
      args: [
        { name: 'device_token', type: 'str', value: (c) => `fcm:${c.r.hex(32)}` },
        { name: 'title', type: 'str', value: (c) => c.r.pick(PUSH_TITLES) },
        { name: 'badge', type: 'int', value: (c) => c.r.int(0, 9) },
      ],
      returns: {
        type: 'str',
        value: (c) => `projects/shop-prod/messages/0:${Math.floor(c.startUs / 1000)}%${c.r.hex(16)}`,
      },
      children: [],
      selfMs: [55, 0.6],
      // The flaky one: FCM times out or answers 503 about one call in seven.
      errorP: 0.15,
      errors: [
        {
          type: 'ReadTimeout',
          module: 'httpx',
          at: 'CLIENT.post(',
          via: LIB.httpxPost,
          weight: 3,
          durationMs: seconds(5, 5.05),
          message: () => 'The read operation timed out',
        },
        {
          type: 'HTTPStatusError',
          module: 'httpx',
          at: 'resp.raise_for_status()',
          via: LIB.httpxRaise,
          weight: 2,
          message: () =>
            "Server error '503 Service Unavailable' for url 'https://fcm.googleapis.com/v1/projects/shop-prod/messages:send'\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/503",
        },
        {
          type: 'DeviceUnregistered',
          module: 'own',
          doc: 'FCM no longer knows this device.',
          at: 'raise DeviceUnregistered',
          weight: 2,
          message: (c) => `device fcm:${c.r.hex(8)}… is no longer registered`,
        },
      ],
      memory: { median: 24_000, negativeP: 0.15 },
      body: [
        'resp = CLIENT.post(FCM_URL, json={"message": {"token": device_token, "notification": {"title": title}, "apns": {"payload": {"aps": {"badge": badge}}}}})',
        'if resp.status_code == 404:',
        '    raise DeviceUnregistered(f"device {device_token[:12]}… is no longer registered")',
        'resp.raise_for_status()',
        'return resp.json()["name"]',
      ],
    },
    {
      process: 'notifications.sms.send',
      doc: 'Send a text message through Twilio.',
      imports: ['from twilio.rest import Client'],
      args: [
        { name: 'phone', type: 'str', value: (c) => `+49 15${c.r.int(1, 9)} ${c.r.int(1000000, 9999999)}` },
        { name: 'body', type: 'str', value: (c) => `Your code is ${c.r.int(100000, 999999)}` },
      ],
      returns: { type: 'str', value: (c) => `SM${c.r.hex(32)}` },
      children: [],
      selfMs: [180, 0.4],
      errorP: 0.02,
      errors: [
        {
          type: 'TwilioRestException',
          module: 'twilio.base.exceptions',
          at: 'TWILIO.messages.create(',
          via: LIB.twilioCreate,
          message: () => 'HTTP 429 error: Unable to create record: Too Many Requests',
        },
      ],
      memory: { median: 16_000, negativeP: 0.15 },
      body: ['message = TWILIO.messages.create(to=phone, from_=SENDER_NUMBER, body=body)', 'return message.sid'],
    },
    {
      process: 'notifications.queue.enqueue',
      doc: 'Worker entry point: deliver one queued notification.',
      imports: ['from notifications import push, sms'],
      args: [
        { name: 'channel', type: 'str', value: (c) => (c.trace.channel = c.r.chance(0.7) ? 'push' : 'sms') },
        {
          name: 'payload',
          type: 'dict',
          value: (c) => ({
            user_id: userId(c),
            kind: c.r.pick(['shipping_update', 'otp', 'marketing']),
            attempt: c.r.weighted([1, 2, 3], (n) => 4 - n),
          }),
        },
      ],
      returns: { type: 'str', value: (c) => (c.failedChild ? null : uuid(c.r)) },
      children: [
        { fn: 'notifications.push.deliver', p: (c) => (c.trace.channel === 'push' ? 1 : 0), propagate: 0 },
        { fn: 'notifications.sms.send', p: (c) => (c.trace.channel === 'sms' ? 1 : 0), propagate: 0 },
      ],
      selfMs: [1.2, 0.5],
      // Only a failed delivery reaches retry_later.delay(), so only then can the broker fail it.
      errorP: (c) => (c.failedChild ? 0.03 : 0),
      errors: [
        {
          type: 'OperationalError',
          module: 'kombu.exceptions',
          at: 'retry_later.delay(',
          via: LIB.kombuPublish,
          message: () => '[Errno 104] Connection reset by peer',
        },
      ],
      memory: { median: 3_000, negativeP: 0.2 },
      body: [
        'try:',
        '    if channel == "push":',
        '        return push.deliver(payload["device_token"], payload["title"], payload.get("badge", 0))',
        '    return sms.send(payload["phone"], payload["body"])',
        'except Exception as exc:',
        '    log.warning("%s delivery failed, retrying in 30 s: %s", channel, exc)',
        '    retry_later.delay(channel, payload, countdown=30)',
        '    return None',
      ],
    },
  ];

  return {
    functions: new Map(fns.map((f) => [f.process, f])),
    roots: [
      { fn: 'orders.api.create_order', weight: 40 },
      { fn: 'auth.login.authenticate', weight: 18 },
      { fn: 'notifications.queue.enqueue', weight: 15 },
      { fn: 'inventory.sync.poll_stock', weight: 12 },
      { fn: 'auth.session.verify_token', weight: 8 },
      { fn: 'orders.service.cancel_order', weight: 5 },
      { fn: 'payments.gateway.refund', weight: 2 },
    ],
  };
}
