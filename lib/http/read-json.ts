// Request input for JSON endpoints: a JSON body read as a stream with a byte cap (an
// oversize body is refused before it is buffered whole), or the query string of a GET
// request, where MLflow clients put their parameters (lists as repeated keys).
import { AppError, badInput } from '../errors.ts';

export const DEFAULT_MAX_JSON_BYTES = 1_000_000;

export type ReadJsonOptions = { maxBytes?: number };

function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `Request body exceeds the limit of ${maxBytes} bytes`);
}

/** The raw body as UTF-8 text, refusing anything over `maxBytes` (streamed, never buffered past the cap). */
export async function readBodyText(request: Request, { maxBytes = DEFAULT_MAX_JSON_BYTES }: ReadJsonOptions = {}): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badInput('Request body is not valid UTF-8');
  }
}

/**
 * The JSON body (an empty body is `{}`, as MLflow treats it). Bodies with a content type
 * other than application/json are refused, as MLflow's server does; that also keeps
 * browsers from posting cross-site "simple" form requests with someone's session cookie.
 */
export async function readJsonBody(request: Request, options: ReadJsonOptions = {}): Promise<unknown> {
  const contentType = request.headers.get('content-type');
  const text = await readBodyText(request, options);
  if (text.trim() === '') return {};
  if (!contentType || !/^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim())) {
    throw badInput("Bad Request. Content-Type must be 'application/json'");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badInput(`Malformed JSON in request body: ${(error as Error).message}`);
  }
  // Older MLflow clients post their JSON double-encoded as a string.
  if (typeof parsed === 'string') {
    try {
      parsed = JSON.parse(parsed);
    } catch {
      throw badInput('Malformed JSON in request body');
    }
  }
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw badInput('Request body must be a JSON object');
  return parsed;
}

/**
 * Query-string parameters as a plain object. Keys listed in `listKeys` are always arrays
 * (repeated keys, `key[]=` and `key[0]=` forms all accepted); other keys take their first value.
 */
export function readQuery(url: string | URL, listKeys: readonly string[] = []): Record<string, string | string[]> {
  const params = typeof url === 'string' ? new URL(url).searchParams : url.searchParams;
  const lists = new Set(listKeys);
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of params) {
    const key = rawKey.replace(/\[\d*\]$/, '');
    if (lists.has(key)) {
      const existing = out[key];
      if (Array.isArray(existing)) existing.push(value);
      else out[key] = [value];
    } else if (!(key in out)) {
      out[key] = value;
    }
  }
  return out;
}

/** GET (and HEAD): the query string; anything else: the JSON body. */
export async function readRequestInput(
  request: Request,
  { listKeys = [], maxBytes }: { listKeys?: readonly string[]; maxBytes?: number } = {},
): Promise<unknown> {
  if (request.method === 'GET' || request.method === 'HEAD') {
    const query = readQuery(request.url, listKeys);
    if (Object.keys(query).length > 0) return query;
    // A GET without a query string may still carry a JSON body (MLflow accepts that).
    return readJsonBody(request, { maxBytes });
  }
  return readJsonBody(request, { maxBytes });
}
