import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareRequest, earlyRequestScript, takeEarlyResponse } from './compare-request';
import { DEFAULT_COMPARE_STATE } from './compare-state';

describe('the early compare request', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is the view’s own request, taken once, and only when it is the same request', async () => {
    const sent: RequestInit[] = [];
    const response = new Response('{"data":{}}');
    vi.stubGlobal('window', globalThis);
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => (sent.push(init), response));
    // A run id from a crafted link cannot end the script element or break out of the string.
    const request = compareRequest(['a'.repeat(32), '</script><script>alert(1)</script>\u2028'], DEFAULT_COMPARE_STATE, false);
    const script = earlyRequestScript(request);
    expect(script).not.toContain('<');
    expect(script).not.toContain('\u2028');
    new Function(script)();
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0].body as string)).toEqual(request);
    expect(sent[0].credentials).toBe('same-origin');

    expect(takeEarlyResponse(compareRequest(['b'.repeat(32)], DEFAULT_COMPARE_STATE, false))).toBeNull();
    expect(await takeEarlyResponse(request)).toBe(response);
    expect(takeEarlyResponse(request)).toBeNull();
  });

  it('asks for the charted series of the view’s line charts, fewer points for more runs', () => {
    const state = { ...DEFAULT_COMPARE_STATE, panels: [{ id: 'l', kind: 'line' as const, metric: 'loss', xAxis: 'step' as const, smoothing: 0, logY: false }] };
    expect(compareRequest(['a'], state, true).variables).toMatchObject({ ids: ['a'], shared: true, chartKeys: ['loss'], maxPoints: 1000 });
    expect(compareRequest(Array.from({ length: 100 }, (_, i) => String(i)), DEFAULT_COMPARE_STATE, false).variables).toMatchObject({ chartKeys: null, maxPoints: 100 });
  });
});
