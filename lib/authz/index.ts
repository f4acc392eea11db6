// Authorization: every entry point (GraphQL, REST, artifacts, share links, pages)
// resolves a Principal and asks this module before touching team-owned rows.
export * from './principal.ts';
export * from './policy.ts';
