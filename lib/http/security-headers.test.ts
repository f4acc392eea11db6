import { describe, expect, it } from 'vitest';
import { nonceOfPolicy, securityHeadersFor } from './security-headers.ts';

describe('nonceOfPolicy', () => {
  it("reads back the nonce of a page's policy, and none from an API's", () => {
    const page = securityHeadersFor('/t/team/compare', { https: false, dev: false });
    expect(page.nonce).toBeTruthy();
    expect(nonceOfPolicy(page.headers['content-security-policy'])).toBe(page.nonce);
    expect(nonceOfPolicy(securityHeadersFor('/api/graphql', { https: false, dev: false }).headers['content-security-policy'])).toBeUndefined();
    expect(nonceOfPolicy(null)).toBeUndefined();
  });
});
