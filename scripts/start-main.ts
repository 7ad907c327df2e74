// `npm start`'s entry: sets the process's malloc settings before anything is loaded
// (main/serve/malloc-arenas.ts; a restart after start.ts's module graph would cost its load time
// again), so serve mode in this process and the Electron app it starts (which inherits the
// environment) both run with MALLOC_ARENA_MAX=2 and a fixed MALLOC_MMAP_THRESHOLD_.
import { restartUnderMallocSettings } from '../main/serve/malloc-arenas.ts';

restartUnderMallocSettings();
const { start } = await import('./start.ts');
process.exitCode = await start(process.argv.slice(2));
