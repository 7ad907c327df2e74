import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operations } from '../../db/api/operations.ts';

describe('docs/api.md', () => {
  it('documents every operation of the API table with an example (run npm run docs:api)', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'api.md'), 'utf8');
    const documented = [...doc.matchAll(/^### `(\w+)`$/gm)].map((m) => m[1]);
    expect(documented).toEqual(Object.keys(operations));
    for (const name of documented) expect(doc).toContain(`/api/${name} `);
  });
});
