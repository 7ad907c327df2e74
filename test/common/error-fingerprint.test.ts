import { describe, expect, it } from 'vitest';
import { maskVariableParts, summarizeException } from '../../common/error-fingerprint.ts';

const PY = `Traceback (most recent call last):
  File "/app/orders.py", line 12, in place
    raise OrderNotFound(f"order {order_id} not found")
orders.errors.OrderNotFound: order 1042 not found`;

describe('exception fingerprints', () => {
  it("reads a Python traceback's last line and a JavaScript stack's first", () => {
    expect(summarizeException(PY)).toEqual({
      type: 'orders.errors.OrderNotFound',
      message: 'order 1042 not found',
      fingerprint: 'orders.errors.OrderNotFound: order <n> not found',
    });
    const js = "TypeError: Cannot read properties of undefined (reading 'sku')\n    at place (/app/orders.js:12:5)";
    expect(summarizeException(js)).toMatchObject({
      type: 'TypeError',
      fingerprint: 'TypeError: Cannot read properties of undefined (reading <str>)',
    });
  });

  it("takes the cause line, not a message's continuation lines", () => {
    const text = `${PY.split('\n').slice(0, 3).join('\n')}\nhttpx.HTTPStatusError: Server error '503 Service Unavailable'\nFor more information check: https://example.org/503`;
    expect(summarizeException(text)).toMatchObject({ type: 'httpx.HTTPStatusError' });
  });

  it('puts occurrences of one cause in one group, and different causes apart', () => {
    const a = summarizeException(PY).fingerprint;
    const b = summarizeException(PY.replace('1042', '77')).fingerprint;
    const c = summarizeException(PY.replaceAll('not found', 'was cancelled')).fingerprint;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('masks numbers, hex ids, UUIDs and quoted strings, and keeps words', () => {
    expect(
      maskVariableParts(
        "user 5827 token 7d2f64cece1f13e6 req 3f2b8c1e-9d4a-4b7e-8a1f-2c3d4e5f6a7b at 0x7ffe 'sku-9' took 12.5 ms",
      ),
    ).toBe('user <n> token <id> req <uuid> at <id> <str> took <n> ms');
    expect(maskVariableParts('connection refused')).toBe('connection refused');
  });

  it('names a missing text and an odd one plainly', () => {
    expect(summarizeException(null).type).toBe('(no exception text)');
    expect(summarizeException('   ').type).toBe('(no exception text)');
    expect(summarizeException('something broke badly').type).toBe('something');
    expect(summarizeException('x'.repeat(100_000)).message.length).toBeLessThanOrEqual(500);
  });
});
