// How a Python tracer would store a captured value: str() of scalars, repr() inside containers.

export type PyType = 'int' | 'str' | 'dict' | 'float' | 'list' | 'bool';
export type PyValue = number | string | boolean | null | PyValue[] | { [key: string]: PyValue };

/** The Python type name of a value; numbers need the declared type to tell int from float. */
export function pyTypeName(value: PyValue, declared: PyType): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'dict';
  return declared === 'float' ? 'float' : 'int';
}

export function pyStr(value: PyValue, declared: PyType): string {
  return typeof value === 'string' ? value : pyRepr(value, declared);
}

function pyRepr(value: PyValue, declared: PyType): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number')
    return declared === 'float' && Number.isInteger(value) ? value.toFixed(1) : String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map((v) => pyRepr(v, numberType(v))).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `'${k}': ${pyRepr(v, numberType(v))}`)
    .join(', ')}}`;
}

/** Inside containers there is no declared type: a number with a fraction is a float. */
function numberType(v: PyValue): PyType {
  return typeof v === 'number' && !Number.isInteger(v) ? 'float' : 'int';
}
