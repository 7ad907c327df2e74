// tracer/ is published on its own (@trace-inspector/tracer): it may import Node's built-ins and
// its own files, nothing from the inspector and no package (no native dependency for the app).
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = resolve(import.meta.dirname, '..', '..', 'tracer');

describe('the tracer package', () => {
  it('imports only node: built-ins and its own files', () => {
    const bad: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]/gm)) {
        const spec = m[1];
        const ok = (spec.startsWith('node:') && isBuiltin(spec)) || (spec.startsWith('./') && !spec.includes('/', 2));
        if (!ok) bad.push(`${file}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("ships the repository's licence, as every package.json declares it", () => {
    const root = resolve(dir, '..');
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    for (const p of [join(root, 'package.json'), join(dir, 'package.json')])
      expect(JSON.parse(readFileSync(p, 'utf8')).license, p).toBe('MIT');
  });

  it('has a package.json naming its entry point', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: '@trace-inspector/tracer',
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      scripts: { prepack: 'npm run build' },
      dependencies: {},
    });
  });
});
