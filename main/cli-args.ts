// Every command line of the project reads its flags the same way: an unknown or malformed flag
// prints the error and the usage and exits 2; --help prints the usage and exits 0.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & { help: { type: 'boolean' } } }>
>;

/** The parsed flags, or the exit code to return at once (after printing the error or the usage). */
export function parseCommandLine<O extends Options>(argv: string[], options: O, usage: string): Parsed<O> | number {
  let args: Parsed<O>;
  try {
    const parsed: unknown = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
    args = parsed as Parsed<O>;
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  if ((args.values as { help?: boolean }).help) {
    console.log(usage);
    return 0;
  }
  return args;
}

/**
 * Numeric flags read from their text: each must be a number of at least `min` (a whole one with
 * `int`), else the error and the usage are printed and the exit code 2 returned, like a bad flag.
 */
export function numberFlags<K extends string>(
  values: Record<K, string>,
  rules: Record<K, { min: number; int?: boolean }>,
  usage: string,
): Record<K, number> | number {
  const out = {} as Record<K, number>;
  for (const key of Object.keys(rules) as K[]) {
    const { min, int } = rules[key];
    const text = values[key];
    const n = Number(text.replace(/_/g, ''));
    if (text.trim() === '' || !Number.isFinite(n) || n < min || (int && !Number.isInteger(n))) {
      console.error(
        `--${key} must be ${int ? 'a whole number' : 'a number'} of at least ${min} (got ${JSON.stringify(text)}).\n${usage}`,
      );
      return 2;
    }
    out[key] = n;
  }
  return out;
}

/** A command that takes no file or other bare argument: a stray one is an error (exit 2), not ignored. */
export function noPositionals(positionals: string[], usage: string): number | null {
  if (!positionals.length) return null;
  console.error(`Unexpected argument '${positionals[0]}'. This command does not take positional arguments\n${usage}`);
  return 2;
}

/**
 * For a command that takes flags only (the bench scripts): the parsed flags, or the process ends
 * here, with 0 after --help and 2 after a bad flag or a stray argument.
 */
export function flagsOrExit<O extends Options>(argv: string[], options: O, usage: string): Parsed<O>['values'] {
  const parsed = parseCommandLine(argv, options, usage);
  if (typeof parsed === 'number') process.exit(parsed);
  const stray = noPositionals(parsed.positionals, usage);
  if (stray !== null) process.exit(stray);
  return parsed.values;
}

/** numberFlags, ending the process with 2 when one is not a number in range. */
export function numbersOrExit<K extends string>(
  values: Record<K, string>,
  rules: Record<K, { min: number; int?: boolean }>,
  usage: string,
): Record<K, number> {
  const numbers = numberFlags(values, rules, usage);
  if (typeof numbers === 'number') process.exit(numbers);
  return numbers;
}
