// Artifact path rules. Every artifact path that reaches a store has been through
// normalizeArtifactPath: a relative POSIX path of plain segments, nothing a filesystem,
// an object store or a later decoding step could read as "go somewhere else".
//
// The route layer decodes percent-encoding exactly once (decodeArtifactUrlPath); whatever
// still looks encoded after that was encoded twice and is refused, never decoded again.
import { badInput } from '../errors.ts';

export const MAX_ARTIFACT_PATH_LENGTH = 1024;
/** Longest single file name most filesystems accept (bytes). */
export const MAX_ARTIFACT_SEGMENT_BYTES = 255;

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators.
const controlCharacter = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// An encoded dot, slash or backslash left after the one decoding: double encoding.
const encodedSeparator = /%(2e|2f|5c|00)/i;
const windowsDrive = /^[a-z]:/i;

function refuse(input: string, reason: string): never {
  throw badInput(`Invalid artifact path '${printable(input)}': ${reason}`);
}

/** Show a refused path without echoing control characters or megabytes back. */
function printable(input: string): string {
  const shown = input.length > 120 ? `${input.slice(0, 120)}…` : input;
  return shown.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Validate an (already decoded) artifact path and return it as a clean relative POSIX path.
 * The empty string means the run's artifact root. Refuses (BAD_USER_INPUT) instead of
 * repairing: a path that needs repairing is a path someone crafted.
 */
export function normalizeArtifactPath(raw: string): string {
  if (typeof raw !== 'string') refuse(String(raw), 'not a string');
  // Unicode look-alikes are fine as names; one canonical form keeps "the same name" one row.
  // Canonical first, checks after: NFC turns some characters into ones refused below
  // (U+037E, the Greek question mark, becomes ';'), found by tests/fuzz/artifact-paths.
  const input = raw.normalize('NFC');
  if (input === '') return '';
  if (input.length > MAX_ARTIFACT_PATH_LENGTH) refuse(input, `longer than ${MAX_ARTIFACT_PATH_LENGTH} characters`);
  if (controlCharacter.test(input)) refuse(input, 'control characters are not allowed');
  if (input.includes('\\')) refuse(input, 'backslashes are not allowed');
  if (encodedSeparator.test(input)) refuse(input, 'encoded separators are not allowed');
  if (input.includes(';')) refuse(input, "';' is not allowed");
  if (input.includes('#') || input.includes('?')) refuse(input, "'#' and '?' are not allowed");
  if (input.startsWith('/') || input.startsWith('~')) refuse(input, 'must be relative');
  if (windowsDrive.test(input)) refuse(input, 'drive letters are not allowed');

  const segments = input.split('/');
  for (const segment of segments) {
    if (segment === '') refuse(input, 'empty path segments are not allowed');
    if (segment === '.' || segment === '..') refuse(input, `'${segment}' segments are not allowed`);
    if (Buffer.byteLength(segment, 'utf8') > MAX_ARTIFACT_SEGMENT_BYTES) {
      refuse(input, `a segment is longer than ${MAX_ARTIFACT_SEGMENT_BYTES} bytes`);
    }
  }
  return input;
}

/**
 * Decode a raw URL path remainder exactly once (the only decoding anywhere), then normalize.
 * Malformed escapes are bad input, not a 500.
 */
export function decodeArtifactUrlPath(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    refuse(raw, 'malformed percent-encoding');
  }
  return normalizeArtifactPath(decoded);
}

/** Parent directory of a normalized path ('' for top-level entries). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Every proper ancestor directory of a normalized path: 'a/b/c' -> ['a', 'a/b']. */
export function ancestorsOf(path: string): string[] {
  const segments = path.split('/');
  const ancestors: string[] = [];
  for (let i = 1; i < segments.length; i++) ancestors.push(segments.slice(0, i).join('/'));
  return ancestors;
}
