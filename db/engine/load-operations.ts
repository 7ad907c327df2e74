// The API table a worker thread runs: the one in db/api/operations.ts, or the module the engine
// was given instead (tests extend the table with throwaway operations this way, no patching).
import { operations, type OperationTable } from '../api/operations.ts';

export async function loadOperations(module: string | undefined): Promise<OperationTable> {
  if (!module) return operations;
  const loaded = (await import(module)) as { operations?: OperationTable };
  if (!loaded.operations) throw new Error(`${module} exports no operations table`);
  return loaded.operations;
}
