// The build's scripts start with V8's compile hint once, whatever their folder, with their own
// bytes unchanged after it; bundles the size of plotly's full one and other files stay as they are.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EAGER_COMPILE_HINT, hintEagerCompile, MAX_HINTED_BYTES } from './hint-eager-compile.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-compile-hint-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const page = '(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push([1,()=>{}]);\n';
const vendor = `/* a vendor bundle */${'x'.repeat(MAX_HINTED_BYTES)}`;
fs.mkdirSync(path.join(dir, 'app', 'nested'), { recursive: true });
fs.writeFileSync(path.join(dir, 'page.js'), page);
fs.writeFileSync(path.join(dir, 'app', 'nested', 'route.js'), page);
fs.writeFileSync(path.join(dir, 'plotly.js'), vendor);
fs.writeFileSync(path.join(dir, 'styles.css'), 'body{}');
const read = (...parts: string[]) => fs.readFileSync(path.join(dir, ...parts), 'utf8');

describe('hintEagerCompile', () => {
  it('prepends the hint to every script under the size limit, nested ones too', async () => {
    expect(await hintEagerCompile(dir)).toBe(2);
    expect(read('page.js')).toBe(EAGER_COMPILE_HINT + page);
    expect(read('app', 'nested', 'route.js')).toBe(EAGER_COMPILE_HINT + page);
    expect(EAGER_COMPILE_HINT).toBe('//# allFunctionsCalledOnLoad\n');
  });

  it('leaves bundles over the limit and other files alone, and leaves no temporary files', () => {
    expect(read('plotly.js')).toBe(vendor);
    expect(read('styles.css')).toBe('body{}');
    expect(fs.readdirSync(dir, { recursive: true }).map(String).sort()).toEqual(['app', path.join('app', 'nested'), path.join('app', 'nested', 'route.js'), 'page.js', 'plotly.js', 'styles.css']);
  });

  it('changes nothing the second time (a restart, or a second server on the same build)', async () => {
    const before = fs.statSync(path.join(dir, 'page.js')).mtimeMs;
    expect(await hintEagerCompile(dir)).toBe(0);
    expect(read('page.js')).toBe(EAGER_COMPILE_HINT + page);
    expect(fs.statSync(path.join(dir, 'page.js')).mtimeMs).toBe(before);
  });

  it('does nothing where there is no build', async () => {
    expect(await hintEagerCompile(path.join(dir, 'missing'))).toBe(0);
  });
});
