// One policy for the renderer, whichever transport serves it (app:// in the desktop shell, HTTP in
// `serve` mode). Every script, style, font and worker is the app's own: no remote origin, no eval.
// 'unsafe-inline' styles only: ag-grid and monaco inject <style> elements at run time.
// Monaco's workers are bundled files ('self'); blob: stays allowed for workers that bootstrap
// from a blob URL.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
