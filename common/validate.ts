// A small runtime validator whose schemas also give the static type of what they accept, so the
// API table states each operation's input once. No dependency: the whole surface is a dozen
// combinators, and every message names the offending field.

/** T is what parse returns (defaults filled in); In is what a caller may send (defaulted fields optional). */
export interface Schema<T, In = T> {
  /** Returns the validated (and defaulted) value, or throws ValidationError naming the path. */
  parse(value: unknown, path?: string): T;
  /** Human description for docs and error messages. */
  readonly describe: string;
  /** Type-level only: the caller's view of the input. */
  readonly __in?: In;
}

export type Infer<S> = S extends Schema<infer T, unknown> ? T : never;
export type InferIn<S> = S extends Schema<unknown, infer In> ? In : never;

export class ValidationError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path || 'input'} ${message}`);
    this.path = path;
  }
}

function schema<T, In = T>(describe: string, parse: (value: unknown, path: string) => T): Schema<T, In> {
  return { describe, parse: (value, path = '') => parse(value, path) };
}

const shown = (v: unknown) =>
  typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : String(v);

export function string(opts: { min?: number; max?: number } = {}): Schema<string> {
  const { min = 0, max = 4096 } = opts;
  return schema('string', (v, p) => {
    if (typeof v !== 'string') throw new ValidationError(p, `must be a string (got ${typeof v})`);
    if (v.length < min)
      throw new ValidationError(p, min === 1 ? 'must not be empty' : `must have at least ${min} characters`);
    if (v.length > max) throw new ValidationError(p, `must have at most ${max} characters`);
    if (v.includes('\u0000')) throw new ValidationError(p, 'must not contain NUL characters');
    return v;
  });
}

export function number(opts: { int?: boolean; min?: number; max?: number } = {}): Schema<number> {
  const { int = false, min = -Number.MAX_VALUE, max = Number.MAX_VALUE } = opts;
  return schema(int ? 'integer' : 'number', (v, p) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ValidationError(p, `must be a finite number (got ${shown(v)})`);
    if (int && !Number.isInteger(v)) throw new ValidationError(p, `must be an integer (got ${v})`);
    if (v < min || v > max) throw new ValidationError(p, `must be between ${min} and ${max} (got ${v})`);
    return v;
  });
}

export function boolean(): Schema<boolean> {
  return schema('boolean', (v, p) => {
    if (typeof v !== 'boolean') throw new ValidationError(p, `must be true or false (got ${shown(v)})`);
    return v;
  });
}

export function literal<const T extends readonly string[]>(...values: T): Schema<T[number]> {
  return schema(values.map((x) => `'${x}'`).join(' | '), (v, p) => {
    if (typeof v !== 'string' || !values.includes(v)) {
      throw new ValidationError(p, `must be one of ${values.join(', ')} (got ${shown(v)})`);
    }
    return v;
  });
}

export function array<T, In>(item: Schema<T, In>, opts: { max?: number } = {}): Schema<T[], In[]> {
  const { max = 1000 } = opts;
  return schema<T[], In[]>(`${item.describe}[]`, (v, p) => {
    if (!Array.isArray(v)) throw new ValidationError(p, 'must be an array');
    if (v.length > max) throw new ValidationError(p, `must have at most ${max} items`);
    return v.map((x, i) => item.parse(x, `${p}[${i}]`));
  });
}

/** Accepts undefined (and null, which JSON clients send for "absent"); fills the default if given. */
export function optional<T, In>(inner: Schema<T, In>): Schema<T | undefined, In | undefined>;
export function optional<T, In>(inner: Schema<T, In>, fallback: T): Schema<T, In | undefined>;
export function optional<T, In>(inner: Schema<T, In>, fallback?: T): Schema<T | undefined, In | undefined> {
  return schema<T | undefined, In | undefined>(`${inner.describe}?`, (v, p) =>
    v === undefined || v === null ? fallback : inner.parse(v, p),
  );
}

export function nullable<T, In>(inner: Schema<T, In>): Schema<T | null, In | null> {
  return schema<T | null, In | null>(`${inner.describe} | null`, (v, p) => (v === null ? null : inner.parse(v, p)));
}

type Shape = Record<string, Schema<unknown, unknown>>;
type Flat<T> = { [K in keyof T]: T[K] };
type OutOptional<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
type InOptional<S extends Shape> = { [K in keyof S]: undefined extends InferIn<S[K]> ? K : never }[keyof S];
export type ObjectOut<S extends Shape> = Flat<
  { [K in Exclude<keyof S, OutOptional<S>>]: Infer<S[K]> } & { [K in OutOptional<S>]?: Infer<S[K]> }
>;
export type ObjectIn<S extends Shape> = Flat<
  { [K in Exclude<keyof S, InOptional<S>>]: InferIn<S[K]> } & { [K in InOptional<S>]?: InferIn<S[K]> }
>;

/** A plain object with exactly these keys: unknown keys are refused, so a typo is an error, not a no-op. */
export function object<S extends Shape>(shape: S): Schema<ObjectOut<S>, ObjectIn<S>> {
  const keys = Object.keys(shape);
  return schema<ObjectOut<S>, ObjectIn<S>>(
    `{ ${keys.map((k) => `${k}: ${shape[k].describe}`).join(', ')} }`,
    (v, p) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ValidationError(p, 'must be an object');
      const extra = Object.keys(v).filter((k) => !Object.hasOwn(shape, k));
      if (extra.length)
        throw new ValidationError(p, `has unknown field(s): ${extra.join(', ')} (expected: ${keys.join(', ')})`);
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const value = shape[k].parse((v as Record<string, unknown>)[k], p ? `${p}.${k}` : k);
        if (value !== undefined) out[k] = value;
      }
      return out as never;
    },
  );
}

/** One of several object shapes, told apart by which one parses (first match wins). */
export function union<A, AIn, B, BIn>(a: Schema<A, AIn>, b: Schema<B, BIn>): Schema<A | B, AIn | BIn> {
  return schema<A | B, AIn | BIn>(`${a.describe} | ${b.describe}`, (v, p) => {
    try {
      return a.parse(v, p);
    } catch (first) {
      try {
        return b.parse(v, p);
      } catch {
        throw first;
      }
    }
  });
}

/** Object shapes told apart by one field (`kind`), so an error names the right variant's field. */
export function tagged<K extends string, M extends Record<string, Schema<unknown, unknown>>>(
  key: K,
  variants: M,
): Schema<Infer<M[keyof M]>, InferIn<M[keyof M]>> {
  const names = Object.keys(variants);
  return schema<Infer<M[keyof M]>, InferIn<M[keyof M]>>(names.map((n) => variants[n].describe).join(' | '), (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ValidationError(p, 'must be an object');
    const tag = (v as Record<string, unknown>)[key];
    if (typeof tag !== 'string' || !Object.hasOwn(variants, tag))
      throw new ValidationError(p ? `${p}.${key}` : key, `must be one of ${names.join(', ')} (got ${shown(tag)})`);
    return variants[tag].parse(v, p) as Infer<M[keyof M]>;
  });
}

/** An object used as a map from names to values (e.g. HTTP headers). */
export function record<T, In>(
  value: Schema<T, In>,
  opts: { maxKeys?: number; key?: Schema<string> } = {},
): Schema<Record<string, T>, Record<string, In>> {
  const { maxKeys = 50, key = string({ min: 1, max: 256 }) } = opts;
  return schema<Record<string, T>, Record<string, In>>(`{ [name]: ${value.describe} }`, (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ValidationError(p, 'must be an object');
    const entries = Object.entries(v);
    if (entries.length > maxKeys) throw new ValidationError(p, `must have at most ${maxKeys} entries`);
    const out: Record<string, T> = {};
    for (const [k, x] of entries) out[key.parse(k, `${p}[${JSON.stringify(k)}]`)] = value.parse(x, `${p}.${k}`);
    return out;
  });
}
