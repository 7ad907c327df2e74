// The serve process's entry (`npm run serve`): sets its malloc settings before anything is loaded
// (malloc-arenas.ts), then runs serve-cli.ts, whose module graph takes ~250 ms to load: a restart
// after it would add that to every reopen.
import { restartUnderMallocSettings } from './malloc-arenas.ts';

restartUnderMallocSettings();
const { serve } = await import('./serve-cli.ts');
process.exitCode = await serve(process.argv.slice(2));
