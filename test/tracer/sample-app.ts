// A small app traced by @trace-inspector/tracer: an order service calling a user repository and
// a payment gateway, with awaits in between, a parallel fan-out and a failing charge.
import type { Tracer } from '../../tracer/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function sampleApp(t: Tracer) {
  const fetchUser = t.wrap(
    async function fetchUser(id: number) {
      await sleep(2);
      return { id, name: `user ${id}` };
    },
    { name: 'users.repo.fetchUser' },
  );
  const charge = t.wrap(
    function charge(amount: number, currency = 'EUR') {
      if (amount > 100) throw new RangeError(`amount ${amount} ${currency} exceeds the limit`);
      return { charged: amount, currency };
    },
    { name: 'payments.gateway.charge' },
  );
  const placeOrder = t.wrap(
    async function placeOrder(userId: number, amount: number) {
      const user = await fetchUser(userId);
      await Promise.all([fetchUser(userId + 1), sleep(1)]);
      return { user: user.name, receipt: charge(amount) };
    },
    { name: 'orders.service.placeOrder' },
  );
  return { fetchUser, charge, placeOrder };
}

/** The line of `async function placeOrder(` above, where the tracer says the function is defined. */
export const PLACE_ORDER_LINE = 23;
