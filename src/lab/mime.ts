/**
 * Content types of the files the lab ships. Browsers refuse module scripts and workers served
 * with a wrong type, and `WebAssembly.instantiateStreaming` needs `application/wasm`, so the
 * table is explicit; anything else is served as `application/octet-stream`.
 */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.idx': 'application/octet-stream',
};

/** The content type for a file name, by its extension (case-insensitive). */
export function mimeType(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const ext = dot < 0 ? '' : fileName.slice(dot).toLowerCase();
  return MIME_TYPES[ext] ?? 'application/octet-stream';
}
