// The authorization policy (lib/authz/policy.ts) as a table: every action for every role,
// as a signed-in user, through a write token and through a read token, plus share links,
// anonymous callers, the admin CLI and members of other teams. The table is the spec: a
// change to the policy must change a row here.
import { describe, expect, it } from 'vitest';
import type { TeamRole } from '../../lib/db/client.ts';
import {
  anonymous,
  authorize,
  authorizeInstanceAdmin,
  authorizeRow,
  canAssignRole,
  canReadRow,
  decide,
  decideRow,
  effectiveRole,
  readableTeamIds,
  roleAtLeast,
  system,
  tokenScopeAllowed,
  type Action,
  type Principal,
  type SharePrincipal,
  type TokenPrincipal,
  type UserPrincipal,
} from '../../lib/authz/index.ts';

const TEAM = 'team-a';
const OTHER = 'team-b';
const roles: TeamRole[] = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'];

// Allowed (Y) or forbidden (.) for OWNER ADMIN MEMBER VIEWER: [session, write token, read token].
const table: Record<Action, [session: string, writeToken: string, readToken: string]> = {
  'team:read': ['YYYY', 'YYYY', 'YYYY'],
  'comment:read': ['YYYY', 'YYYY', 'YYYY'],
  'artifact:read': ['YYYY', 'YYYY', 'YYYY'],
  'project:write': ['YYY.', 'YYY.', '....'],
  'run:write': ['YYY.', 'YYY.', '....'],
  'comment:write': ['YYY.', 'YYY.', '....'],
  'comparison:write': ['YYY.', 'YYY.', '....'],
  'content:moderate': ['YY..', '....', '....'],
  'registry:write': ['YYY.', 'YYY.', '....'],
  'registry:stage': ['YY..', 'YY..', '....'],
  'registry:approve': ['YY..', '....', '....'],
  'share:manage': ['YYY.', '....', '....'],
  'token:create': ['YYYY', '....', '....'],
  'token:manage': ['YY..', '....', '....'],
  'member:manage': ['YY..', '....', '....'],
  'team:update': ['YY..', '....', '....'],
  'team:delete': ['Y...', '....', '....'],
  'retention:manage': ['YY..', '....', '....'],
};
const actions = Object.keys(table) as Action[];

function user(role: TeamRole, extra: [string, TeamRole][] = []): UserPrincipal {
  return { kind: 'user', userId: 'u1', email: 'u1@example.test', isInstanceAdmin: false, memberships: new Map([[TEAM, role], ...extra]) };
}
function token(role: TeamRole, scope: 'READ' | 'WRITE', teamId = TEAM): TokenPrincipal {
  return { kind: 'token', userId: 'u1', email: 'u1@example.test', tokenId: 't1', teamId, scope, role };
}
function thrown(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a throw');
}

const share: SharePrincipal = {
  kind: 'share',
  shareLinkId: 's1',
  teamId: TEAM,
  target: { type: 'COMPARISON', id: 'c1' },
  runIds: new Set(['r1', 'r2']),
  includeComments: false,
  allowArtifacts: false,
};

const cells = actions.flatMap((action) =>
  roles.flatMap((role, index) => [
    { action, role, via: 'session', principal: user(role), allowed: table[action][0][index] === 'Y' },
    { action, role, via: 'write token', principal: token(role, 'WRITE'), allowed: table[action][1][index] === 'Y' },
    { action, role, via: 'read token', principal: token(role, 'READ'), allowed: table[action][2][index] === 'Y' },
  ]),
);

describe('decide: every action × role × credential in the own team', () => {
  it.each(cells)('$action by $role via $via', ({ action, principal, allowed }) => {
    expect(decide(principal, action, TEAM)).toBe(allowed ? 'allow' : 'forbidden');
  });
});

describe('decide: outside the own team, and special principals', () => {
  it.each(actions)('%s: other team is not-found for every role and credential', (action) => {
    for (const role of roles) {
      expect(decide(user(role), action, OTHER)).toBe('not-found');
      expect(decide(token(role, 'WRITE'), action, OTHER)).toBe('not-found');
      expect(decide(token(role, 'READ'), action, OTHER)).toBe('not-found');
    }
  });

  it.each(actions)('%s: anonymous is unauthenticated, the admin CLI is allowed', (action) => {
    expect(decide(anonymous, action, TEAM)).toBe('unauthenticated');
    expect(decide(system, action, TEAM)).toBe('allow');
    expect(decide({ ...system, actorUserId: 'u1' }, action, OTHER)).toBe('allow');
  });

  it.each(actions)('%s: a share link decides nothing team-wide, in its team or another', (action) => {
    expect(decide(share, action, TEAM)).toBe('not-found');
    expect(decide(share, action, OTHER)).toBe('not-found');
  });

  it('a user acts in each team with that team\'s role', () => {
    const both = user('VIEWER', [[OTHER, 'OWNER']]);
    expect(decide(both, 'run:write', TEAM)).toBe('forbidden');
    expect(decide(both, 'team:delete', OTHER)).toBe('allow');
  });

  it('an instance admin gets no team rights from that alone', () => {
    const admin: UserPrincipal = { ...user('VIEWER'), isInstanceAdmin: true };
    expect(decide(admin, 'run:write', TEAM)).toBe('forbidden');
    expect(decide(admin, 'team:read', OTHER)).toBe('not-found');
  });
});

describe('authorize and authorizeRow', () => {
  it('throws the stable code of each decision and returns the role otherwise', () => {
    expect(authorize(user('MEMBER'), 'run:write', TEAM)).toBe('MEMBER');
    expect(authorize(token('ADMIN', 'READ'), 'team:read', TEAM)).toBe('ADMIN');
    expect(authorize(system, 'team:delete', TEAM)).toBe('OWNER');
    expect(() => authorize(anonymous, 'team:read', TEAM)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    expect(() => authorize(user('OWNER'), 'team:read', OTHER)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => authorize(user('VIEWER'), 'run:write', TEAM)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('makes a missing row and another team\'s row the same NOT_FOUND', () => {
    const owner = user('OWNER');
    const missing = thrown(() => authorizeRow(owner, 'team:read', null, 'Run', 'r9'));
    const foreign = thrown(() => authorizeRow(owner, 'team:read', OTHER, 'Run', 'r9'));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: "Run 'r9' not found" });
    expect(foreign).toEqual(missing);
  });

  it('checks the action on a row of the own team, and wants a principal first', () => {
    expect(authorizeRow(user('MEMBER'), 'run:write', TEAM, 'Run', 'r1')).toBe('MEMBER');
    expect(() => authorizeRow(user('VIEWER'), 'run:write', TEAM, 'Run', 'r1')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => authorizeRow(token('OWNER', 'READ'), 'run:write', TEAM, 'Run')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => authorizeRow(anonymous, 'team:read', undefined, 'Run')).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });
});

describe('a share link is narrowed to the rows it names', () => {
  const rowCode = (principal: Principal, action: Action, teamId: string, what: string, id: string) => {
    try {
      authorizeRow(principal, action, teamId, what, id);
      return 'OK';
    } catch (error) {
      return (error as { code: string }).code;
    }
  };

  it('reads its runs and its comparison, and nothing else of the team', () => {
    expect(decideRow(share, 'team:read', TEAM, 'Run', 'r1')).toBe('allow');
    expect(decideRow(share, 'team:read', TEAM, 'Run', 'r2')).toBe('allow');
    expect(decideRow(share, 'team:read', TEAM, 'Comparison', 'c1')).toBe('allow');
    for (const [what, id] of [['Run', 'r3'], ['Comparison', 'c2'], ['Experiment', '1'], ['Team', TEAM], ['Logged model', 'r1'], ['Registered model', 'r1'], ['Model version', 'c1'], ['API token', 'r1']]) {
      expect(decideRow(share, 'team:read', TEAM, what, id), `${what} ${id}`).toBe('not-found');
    }
    // Its own run ids in another team's rows are still another team's.
    expect(decideRow(share, 'team:read', OTHER, 'Run', 'r1')).toBe('not-found');
    expect(decideRow(share, 'team:read', TEAM, 'Run')).toBe('not-found');
    expect(canReadRow(share, TEAM, 'Run', 'r1')).toBe(true);
    expect(canReadRow(share, TEAM, 'Run', 'r3')).toBe(false);
  });

  it('writes nothing, and reads comments and artifacts only when its creator allowed them', () => {
    for (const action of actions.filter((a) => !['team:read', 'comment:read', 'artifact:read'].includes(a))) {
      expect(rowCode(share, action, TEAM, 'Run', 'r1'), action).toBe('FORBIDDEN');
      expect(rowCode(share, action, TEAM, 'Run', 'r3'), action).toBe('NOT_FOUND');
    }
    expect(rowCode(share, 'comment:read', TEAM, 'Run', 'r1')).toBe('NOT_FOUND');
    expect(rowCode(share, 'artifact:read', TEAM, 'Run', 'r1')).toBe('NOT_FOUND');
    const generous: SharePrincipal = { ...share, includeComments: true, allowArtifacts: true };
    // Comments of the comparison the link names, not those of its runs; artifacts of its runs.
    expect(rowCode(generous, 'comment:read', TEAM, 'Comparison', 'c1')).toBe('OK');
    expect(rowCode(generous, 'comment:read', TEAM, 'Run', 'r1')).toBe('NOT_FOUND');
    expect(rowCode(generous, 'artifact:read', TEAM, 'Run', 'r1')).toBe('OK');
    expect(rowCode(generous, 'artifact:read', TEAM, 'Comparison', 'c1')).toBe('NOT_FOUND');
    const runLink: SharePrincipal = { ...generous, target: { type: 'RUN', id: 'r1' }, runIds: new Set(['r1']) };
    expect(rowCode(runLink, 'comment:read', TEAM, 'Run', 'r1')).toBe('OK');
    expect(rowCode(generous, 'artifact:read', TEAM, 'Run', 'r3')).toBe('NOT_FOUND');
  });
});

describe('effectiveRole and readableTeamIds', () => {
  it('gives the role each principal acts with', () => {
    expect(effectiveRole(user('ADMIN'), TEAM)).toBe('ADMIN');
    expect(effectiveRole(user('ADMIN'), OTHER)).toBeNull();
    expect(effectiveRole(token('MEMBER', 'READ'), TEAM)).toBe('MEMBER');
    expect(effectiveRole(token('MEMBER', 'READ'), OTHER)).toBeNull();
    expect(effectiveRole(share, TEAM)).toBe('VIEWER');
    expect(effectiveRole(anonymous, TEAM)).toBeNull();
    expect(effectiveRole(system, TEAM)).toBe('OWNER');
  });

  it('lists the teams each principal may read, and refuses to guess for the CLI', () => {
    expect(readableTeamIds(user('VIEWER', [[OTHER, 'OWNER']])).sort()).toEqual([TEAM, OTHER].sort());
    expect(readableTeamIds(token('OWNER', 'WRITE'))).toEqual([TEAM]);
    expect(readableTeamIds(share)).toEqual([]);
    expect(readableTeamIds(anonymous)).toEqual([]);
    expect(() => readableTeamIds(system)).toThrow();
  });
});

describe('role helpers', () => {
  it('orders roles OWNER > ADMIN > MEMBER > VIEWER', () => {
    const expected = (a: number, b: number) => a <= b; // index 0 is the highest
    for (const [i, role] of roles.entries()) {
      for (const [j, minimum] of roles.entries()) expect(roleAtLeast(role, minimum), `${role} >= ${minimum}`).toBe(expected(i, j));
    }
  });

  it('lets every role create read tokens and only writers create write tokens', () => {
    expect(roles.map((role) => tokenScopeAllowed(role, 'READ'))).toEqual([true, true, true, true]);
    expect(roles.map((role) => tokenScopeAllowed(role, 'WRITE'))).toEqual([true, true, true, false]);
  });

  it('lets admins assign roles below owner, and only owners grant or take away OWNER', () => {
    // [actor][target] with no current role, for OWNER ADMIN MEMBER VIEWER targets.
    const expected: Record<TeamRole, string> = { OWNER: 'YYYY', ADMIN: '.YYY', MEMBER: '....', VIEWER: '....' };
    for (const actor of roles) {
      expect(roles.map((target) => (canAssignRole(actor, target) ? 'Y' : '.')).join(''), actor).toBe(expected[actor]);
    }
    expect(canAssignRole('ADMIN', 'MEMBER', 'OWNER')).toBe(false);
    expect(canAssignRole('OWNER', 'MEMBER', 'OWNER')).toBe(true);
    expect(canAssignRole('ADMIN', 'VIEWER', 'MEMBER')).toBe(true);
    expect(canAssignRole('MEMBER', 'VIEWER', 'VIEWER')).toBe(false);
  });
});

describe('authorizeInstanceAdmin', () => {
  it('lets instance admins in a session and the admin CLI through, nobody else', () => {
    expect(() => authorizeInstanceAdmin({ ...user('OWNER'), isInstanceAdmin: true })).not.toThrow();
    expect(() => authorizeInstanceAdmin(system)).not.toThrow();
    expect(thrown(() => authorizeInstanceAdmin(user('OWNER'))).code).toBe('FORBIDDEN');
    expect(thrown(() => authorizeInstanceAdmin(token('OWNER', 'WRITE'))).code).toBe('FORBIDDEN');
    expect(thrown(() => authorizeInstanceAdmin(anonymous)).code).toBe('UNAUTHENTICATED');
  });
});
