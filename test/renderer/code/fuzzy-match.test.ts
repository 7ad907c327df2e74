import { describe, expect, it } from 'vitest';
import { fuzzyMatch, rankByFuzzy } from '../../../renderer/code/fuzzy-match.ts';
import { defaultPrefix } from '../../../renderer/code/SourceRootForm.tsx';

const NAMES = [
  'orders.repository.save',
  'inventory.stock.reserve',
  'payments.gateway.charge',
  'orders.service.cancel_order',
  'auth.session.verify_token',
  'orders.service.place_order_with_retry',
  'orders.service.place_order',
  'notifications.email.send',
];
const top = (q: string, n = 1) =>
  rankByFuzzy(q, NAMES, (s) => s)
    .slice(0, n)
    .map((r) => r.item);

describe('fuzzy function matching', () => {
  it("matches the query's characters in order, case-insensitively, and nothing else", () => {
    expect(fuzzyMatch('pord', 'orders.service.place_order')).not.toBeNull();
    expect(fuzzyMatch('drop', 'orders.service.place_order')).toBeNull();
    expect(fuzzyMatch('PLACE', 'orders.service.place_order')?.positions).toEqual([15, 16, 17, 18, 19]);
    expect(top('xyz', 5)).toEqual([]);
  });

  it('prefers segment starts (initials) and the function name over its module path', () => {
    expect(top('vt')).toEqual(['auth.session.verify_token']);
    expect(top('ossave')).toEqual(['orders.repository.save']);
    expect(top('charge')).toEqual(['payments.gateway.charge']);
    expect(top('send')).toEqual(['notifications.email.send']);
  });

  it('prefers a consecutive run, and the shorter name among equals', () => {
    expect(top('place_order', 2)).toEqual(['orders.service.place_order', 'orders.service.place_order_with_retry']);
    expect(top('order')[0]).toBe('orders.service.place_order');
  });

  it('lists everything in the given order (busiest first) for an empty query', () => {
    expect(rankByFuzzy('', NAMES, (s) => s, 100).map((r) => r.item)).toEqual(NAMES);
    expect(rankByFuzzy('  ', NAMES, (s) => s, 3)).toHaveLength(3);
  });

  it('ranks 1,000 names, the exact run first', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `service${i % 37}.module_${i}.handler_for_request_${i}`);
    const ranked = rankByFuzzy('request_999', many, (s) => s, 5).map((r) => r.item);
    expect(ranked[0]).toBe('service0.module_999.handler_for_request_999');
  });
});

describe('source root form', () => {
  it("offers the recorded file's folder as the prefix to map", () => {
    expect(defaultPrefix('/srv/app/orders/service.py')).toBe('/srv/app/orders');
    expect(defaultPrefix('C:\\build\\app\\x.py')).toBe('C:\\build\\app');
    expect(defaultPrefix('service.py')).toBe('service.py');
  });
});
