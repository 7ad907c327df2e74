// Vite handles these imports at build time; tsc only needs to know they exist.
/// <reference types="vite/client" />
