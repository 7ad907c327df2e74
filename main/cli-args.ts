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
