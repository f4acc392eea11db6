// The admin CLI: argument handling and commands in-process (fast), then as a real
// subprocess (`tsx scripts/admin.ts`) on the test database, and on a data dir's embedded
// cluster both while a "server" holds it and with nothing running.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdminCli, USAGE } from '../lib/admin/admin-cli.ts';
import { db } from '../lib/db/client.ts';
import { lockDataDir } from '../lib/runtime/data-dir-lock.ts';
import { startEmbeddedDatabase } from '../lib/runtime/database.ts';
import { verifyApiToken } from '../lib/tokens/verify-api-token.ts';
import { setupTestDatabase } from './helpers/database.ts';
import { spawnAdminCli } from './helpers/admin-cli.ts';
import { addMembershipFixture, createTeamFixture, createUserFixture, sessionCookieFor } from './helpers/fixtures.ts';
import { authenticateWithPassword } from '../lib/identity/authenticate.ts';
import { resolvePrincipal } from '../lib/authz/resolve-principal.ts';

const database = setupTestDatabase();

type Outcome = { code: number; out: string[]; err: string };

/** In-process, on the test file's database. */
async function cli(...argv: string[]): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  let opened = false;
  const code = await runAdminCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, async () => {
    opened = true;
    return { close: async () => undefined };
  });
  return { code, out, err: err.join('\n') + (opened ? '' : '\n[database not opened]') };
}

const spawnCli = (argv: string[], env: Record<string, string | undefined>) => spawnAdminCli(argv, env);

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

describe('usage errors exit 2 with the usage on stderr, before touching the database', () => {
  const cases: [string, string[]][] = [
    ['no command', []],
    ['unknown command', ['drop-everything']],
    ['unknown option', ['create-team', '--name', 'x', '--colour', 'red']],
    ['missing value', ['create-team', '--name']],
    ['missing required option', ['create-user', '--email', 'a@example.test']],
    ['stray positional', ['create-team', 'Vision']],
    ['unknown role', ['add-member', '--team', 't', '--email', 'a@example.test', '--role', 'superuser']],
    ['unknown scope', ['create-token', '--team', 't', '--email', 'a@example.test', '--name', 'n', '--scope', 'admin']],
  ];
  it.each(cases)('%s', async (_label, argv) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err).toContain('Usage: npm run admin');
    expect(result.err).toContain('[database not opened]');
  });

  it('prints the usage on stdout for help', async () => {
    expect(await cli('help')).toMatchObject({ code: 0, out: [USAGE] });
  });
});

describe('commands', () => {
  it('create-user, create-team, add-member and create-token work together', async () => {
    const email = `ops-${Date.now()}@example.test`;
    expect(await cli('create-user', '--email', email, '--password', 'long enough pw', '--name', 'Ops', '--admin')).toMatchObject({ code: 0 });
    expect(await db.user.findUnique({ where: { email } })).toMatchObject({ name: 'Ops', isInstanceAdmin: true });

    const team = await cli('create-team', '--name', 'Ops Team');
    expect(team).toMatchObject({ code: 0, out: ['ops-team'] });
    expect(await db.membership.count({ where: { team: { slug: 'ops-team' } } })).toBe(0);

    expect(await cli('add-member', '--team', 'ops-team', '--email', email, '--role', 'viewer')).toMatchObject({ code: 0 });
    const viewerToken = await cli('create-token', '--email', email, '--team', 'ops-team', '--name', 'ci');
    expect(viewerToken.code).toBe(0);
    expect(await verifyApiToken(viewerToken.out.at(-1)!)).toMatchObject({ kind: 'token', scope: 'READ', role: 'VIEWER' });
    // The token never exceeds the user's role: a viewer gets no write token.
    const refused = await cli('create-token', '--email', email, '--team', 'ops-team', '--name', 'ci', '--scope', 'write');
    expect(refused).toMatchObject({ code: 1, out: [] });
    expect(refused.err).toContain('read tokens');
    expect(await db.auditEvent.count({ where: { action: { in: ['user.create', 'team.create', 'member.add'] } } })).toBe(3);
  });

  it('answers unknown teams with usage (2) and refused commands with the reason (1)', async () => {
    const { user } = await createUserFixture();
    const team = await createTeamFixture();
    const unknownTeam = await cli('add-member', '--team', 'no-such-team', '--email', user.email, '--role', 'member');
    expect(unknownTeam.code).toBe(2);
    expect(unknownTeam.err).toContain('Unknown team: no-such-team');
    expect((await cli('create-token', '--email', user.email, '--team', 'no-such-team', '--name', 'n')).code).toBe(2);

    const outcomes = await Promise.all([
      cli('create-user', '--email', user.email, '--password', 'long enough pw'),
      cli('create-user', '--email', 'new@example.test', '--password', 'short'),
      cli('add-member', '--team', team.slug, '--email', 'nobody@example.test', '--role', 'member'),
      cli('create-token', '--email', user.email, '--team', team.slug, '--name', 'n'),
      cli('create-team', '--name', 'Taken', '--slug', team.slug),
    ]);
    expect(outcomes.map((o) => o.code)).toEqual([1, 1, 1, 1, 1]);
    expect(outcomes.map((o) => o.err.split('\n')[0])).toEqual([
      'Error: A user with this email already exists',
      'Error: Password must be at least 10 characters',
      'Error: No user with that email',
      `Error: ${user.email} is not a member of team ${team.slug}`,
      `Error: The team slug '${team.slug}' is taken`,
    ]);
    await addMembershipFixture(team.id, user.id, 'MEMBER');
    expect(await cli('add-member', '--team', team.slug, '--email', user.email, '--role', 'admin')).toMatchObject({ code: 1 });
  });
});

describe('accounts', () => {
  it('set-password checks strength, sets the password and ends the sessions; sign-out-everywhere ends them', async () => {
    const { user, password } = await createUserFixture();
    const cookie = await sessionCookieFor(user);
    const weak = await cli('set-password', '--email', user.email, '--password', 'password1234');
    expect(weak.code).toBe(1);
    expect(weak.err).toMatch(/^Error: Password is too weak/);
    expect(await authenticateWithPassword(user.email, password)).not.toBeNull();

    expect(await cli('set-password', '--email', user.email.toUpperCase(), '--password', 'lantern-quartz-meadow')).toMatchObject({ code: 0 });
    expect(await authenticateWithPassword(user.email, 'lantern-quartz-meadow')).not.toBeNull();
    expect(await resolvePrincipal(new Request('http://localhost/', { headers: { cookie } }))).toEqual({ kind: 'anonymous' });

    const fresh = await sessionCookieFor(user);
    expect(await cli('sign-out-everywhere', '--email', user.email)).toMatchObject({ code: 0, out: [`Ended every session of ${user.email}`] });
    expect(await resolvePrincipal(new Request('http://localhost/', { headers: { cookie: fresh } }))).toEqual({ kind: 'anonymous' });
    expect(await cli('sign-out-everywhere', '--email', 'nobody@example.test')).toMatchObject({ code: 1 });
    expect(await db.auditEvent.findMany({ where: { targetId: user.id, action: { in: ['user.password_reset', 'user.sign_out_everywhere'] } }, select: { action: true, metadata: true }, orderBy: { id: 'asc' } })).toEqual([
      { action: 'user.password_reset', metadata: { via: 'admin-cli', email: user.email, sessionVersion: 1 } },
      { action: 'user.sign_out_everywhere', metadata: { via: 'admin-cli', email: user.email, sessionVersion: 2 } },
    ]);
  });
});

describe('as a subprocess', () => {
  it('exits 2 on bad usage and prints only the token on the last line of create-token', async () => {
    const env = { DATABASE_URL: database.url };
    const bad = await spawnCli(['add-member', '--team', 'x'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Usage: npm run admin');

    const { user } = await createUserFixture();
    const team = await createTeamFixture();
    await addMembershipFixture(team.id, user.id, 'MEMBER');
    const created = await spawnCli(['create-token', '--email', user.email, '--team', team.slug, '--name', 'deploy', '--scope', 'write'], env);
    expect(created.code).toBe(0);
    const token = lastLine(created.stdout);
    expect(token).toMatch(/^cairn_[A-Za-z0-9_-]{43}$/);
    expect(created.stdout.trim()).toBe(token);
    expect(await verifyApiToken(token)).toMatchObject({ kind: 'token', teamId: team.id, userId: user.id, scope: 'WRITE' });
  });

  it("uses the data dir's embedded cluster, whether or not a server holds it", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-admin-cli-'));
    fs.chmodSync(dataDir, 0o755); // reachable by user postgres when we run as root
    const env = { DATABASE_URL: undefined, CAIRN_DATA_DIR: dataDir };
    try {
      // A running server: it holds the data dir and its cluster; the CLI attaches to it.
      const lock = await lockDataDir(dataDir);
      const server = await startEmbeddedDatabase(dataDir, () => undefined);
      try {
        const user = await spawnCli(['create-user', '--email', 'first@example.test', '--password', 'long enough pw'], env);
        expect(user.code, user.stderr).toBe(0);
      } finally {
        await server.close();
        await lock.release();
      }
      // Nothing running: the CLI starts the cluster for the command and stops it after.
      const team = await spawnCli(['create-team', '--name', 'Offline'], env);
      expect(team.code, team.stderr).toBe(0);
      expect(lastLine(team.stdout)).toBe('offline');
      const member = await spawnCli(['add-member', '--team', 'offline', '--email', 'first@example.test', '--role', 'owner'], env);
      expect(member.code, member.stderr).toBe(0);
      // Stopped and unlocked again: a server could start on this data dir now.
      const again = await lockDataDir(dataDir);
      await again.release();
      expect(fs.existsSync(path.join(dataDir, 'pg-port'))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
