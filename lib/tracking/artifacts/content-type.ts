// Content types of artifacts, and what a browser may do with them. Artifacts are whatever
// a training script uploaded, so nothing is rendered inline except raster images: HTML,
// SVG, PDF, scripts... are downloads (Content-Disposition: attachment, nosniff, a sandboxing
// CSP), so an uploaded file can never run script on Cairn's origin.

const byExtension: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  jsonl: 'application/jsonl',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  xml: 'application/xml',
  html: 'text/html',
  htm: 'text/html',
  py: 'text/x-python',
  ipynb: 'application/x-ipynb+json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  parquet: 'application/vnd.apache.parquet',
  pkl: 'application/octet-stream',
  pt: 'application/octet-stream',
  onnx: 'application/octet-stream',
};

/** Raster formats browsers decode without running anything (SVG is excluded: it can hold script). */
const inlineSafe = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif']);

// type/subtype with optional parameters, as a client may send it in Content-Type.
const mediaType = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(\s*;\s*[a-z0-9_.-]+=("[^"\r\n]*"|[a-z0-9_.+-]+))*$/i;

/** A client-sent Content-Type worth recording, or null (missing, malformed, or too long). */
export function recordableContentType(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed || trimmed.length > 255 || !mediaType.test(trimmed)) return null;
  return trimmed.toLowerCase();
}

export function contentTypeByExtension(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return byExtension[extension] ?? 'application/octet-stream';
}

/**
 * The type to serve: the recorded one unless it is the uninformative octet-stream (which
 * the MLflow client sends for anything it does not recognise), then the extension's.
 */
export function contentTypeFor(path: string, recorded: string | null | undefined): string {
  const usable = recordableContentType(recorded);
  if (usable && !usable.startsWith('application/octet-stream')) return usable;
  return contentTypeByExtension(path);
}

export function isInlineSafe(contentType: string): boolean {
  return inlineSafe.has(contentType.split(';')[0].trim().toLowerCase());
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(path: string, contentType: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1) || 'artifact';
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${isInlineSafe(contentType) ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
