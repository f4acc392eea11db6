import { describe, expect, it } from 'vitest';
import { ancestorsOf, decodeArtifactUrlPath, normalizeArtifactPath, parentOf } from './artifact-path.ts';

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('normalizeArtifactPath', () => {
  it.each([
    ['', ''],
    ['model.pkl', 'model.pkl'],
    ['model/MLmodel', 'model/MLmodel'],
    ['a/b/c/d.txt', 'a/b/c/d.txt'],
    ['plots/loss curve (1).png', 'plots/loss curve (1).png'],
    ['.hidden', '.hidden'],
    ['a/.config/x', 'a/.config/x'],
    ['...', '...'],
    ['a/..b/c..', 'a/..b/c..'],
    ['100%.txt', '100%.txt'],
    ['%41.txt', '%41.txt'], // stays literal: decoding happened once already, upstream
    ['données/é.txt', 'données/é.txt'],
    ['cafe\u0301.txt', 'café.txt'], // NFC: one name, one row
    ['x'.repeat(255), 'x'.repeat(255)],
    [`${'a/'.repeat(511)}b`, `${'a/'.repeat(511)}b`], // 1023 characters
  ])('accepts %j as %j', (input, expected) => {
    expect(normalizeArtifactPath(input)).toBe(expected);
  });

  // The traversal corpus: every entry must be refused as BAD_USER_INPUT, never repaired.
  it.each([
    // dot segments
    '..',
    '.',
    '../x',
    'a/../b',
    'a/..',
    'a/./b',
    './a',
    '../../../../etc/passwd',
    // absolute and home paths
    '/etc/passwd',
    '//server/share',
    '~/x',
    '~root/x',
    // backslashes and Windows
    'a\\b',
    '..\\..\\windows\\win.ini',
    '\\\\server\\share',
    'C:/Windows/win.ini',
    'c:x',
    'C:',
    // double encoding: still encoded after the one decoding
    '%2e%2e/x',
    '%2E%2E/x',
    '..%2fx',
    '..%2Fx',
    'a%2f..%2f..%2fb',
    '%5c..%5c',
    '%2e',
    'x%00.txt',
    // control characters, NUL
    'a\u0000b',
    'a\nb',
    'a\rb',
    'a\tb',
    'a\u001bb',
    'a\u007fb',
    'a\u0085b',
    'a\u2028b',
    // path-parameter, fragment and query tricks
    '..;/x',
    'a;/b',
    'a/b;jsessionid=1',
    'a#b',
    'a?b',
    // empty segments
    'a//b',
    'a/',
    '/',
    'a/b/',
    // too long
    'x'.repeat(1025),
    'x'.repeat(256),
    `a/${'é'.repeat(128)}`, // 256 bytes in UTF-8
  ])('refuses %j', (input) => {
    expect(codeOf(() => normalizeArtifactPath(input))).toBe('BAD_USER_INPUT');
  });

  it('does not echo control characters or long inputs in its message', () => {
    let message = '';
    try {
      normalizeArtifactPath(`bad\u0000${'x'.repeat(2000)}`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('\u0000');
    expect(message.length).toBeLessThan(300);
  });
});

describe('decodeArtifactUrlPath', () => {
  it.each([
    ['a/b.txt', 'a/b.txt'],
    ['loss%20curve.png', 'loss curve.png'],
    ['caf%C3%A9.txt', 'café.txt'],
    ['100%25.txt', '100%.txt'],
  ])('decodes %j once to %j', (raw, expected) => {
    expect(decodeArtifactUrlPath(raw)).toBe(expected);
  });

  it.each([
    '%2e%2e/x', // ../x after one decoding
    '..%2fx',
    '%2e%2e%2fx',
    '%252e%252e/x', // %2e%2e after one decoding: double-encoded
    '%252fetc',
    '%255c',
    '%2fetc/passwd',
    '%5c%5cserver',
    'a%00b',
    'a%0ab',
    'a%3bb', // ';'
    'a%23b', // '#'
    'C%3a/x',
    '%E0%A4%A', // malformed escape
    '%',
  ])('refuses %j', (raw) => {
    expect(codeOf(() => decodeArtifactUrlPath(raw))).toBe('BAD_USER_INPUT');
  });
});

describe('parentOf / ancestorsOf', () => {
  it('splits normalized paths', () => {
    expect(parentOf('a/b/c')).toBe('a/b');
    expect(parentOf('c')).toBe('');
    expect(ancestorsOf('a/b/c')).toEqual(['a', 'a/b']);
    expect(ancestorsOf('c')).toEqual([]);
  });
});

describe('canonical forms (found by the artifact path fuzzer)', () => {
  it('checks the NFC form: a Greek question mark becomes a refused semicolon, a decomposed é stays é', () => {
    expect(codeOf(() => normalizeArtifactPath('model\u037Ev1'))).toBe('BAD_USER_INPUT');
    const composed = normalizeArtifactPath('caf\u0065\u0301.txt');
    expect(composed).toBe('caf\u00e9.txt');
    expect(normalizeArtifactPath(composed)).toBe(composed);
  });
});
