// Builds the renderer into dist/renderer: one set of files served by `serve` mode over HTTP and
// by the desktop shell's app:// protocol. Relative base so both origins load the same build;
// everything (monaco and its workers included) is bundled, nothing is fetched from the web.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  build: {
    outDir: '../dist/renderer', // relative to root
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  worker: { format: 'es' },
});
