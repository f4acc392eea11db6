// The admin CLI's commands (scripts/admin.ts opens the database and calls runAdminCli).
// Operators act as the system principal; a token is created as its user, with the user's
// own memberships, so the CLI cannot mint a token above the user's role.
//
// Exit codes: 0 done; 1 the command was understood but refused (domain error: duplicate
// email, unknown user, weak password...); 2 bad usage (unknown command or option, missing
// or invalid value, unknown team or role).
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { system, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { badInput, isAppError } from '../errors.ts';
import { createUser } from '../identity/create-user.ts';
import { loadUserPrincipal } from '../identity/load-user-principal.ts';
import { resetPassword } from '../identity/reset-password.ts';
import { signOutEverywhere } from '../identity/sign-out-everywhere.ts';
import { addMember } from '../teams/add-member.ts';
import { createTeam } from '../teams/create-team.ts';
import { getTeam } from '../teams/get-team.ts';
import { createApiToken } from '../tokens/create-api-token.ts';
import { collectGarbage, describeGcReport, GcBusyError } from '../gc/collect-garbage.ts';
import { describeRetentionPlan } from '../retention/describe-retention-plan.ts';
import { previewRetention } from '../retention/preview-retention.ts';
import { backupInstance } from '../backup/backup-instance.ts';
import { restoreInstance, RestoreRefusedError } from '../backup/restore-instance.ts';
import { formatBytes } from '../storage/format-bytes.ts';

export const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-user  --email E --password P [--name N] [--admin]
  create-team  --name N [--slug S]                 prints the team's slug
  add-member   --team SLUG --email E --role owner|admin|member|viewer
  create-token --email E --team SLUG --name N [--scope read|write]
                                                   prints the token (shown once) on its last line
  retention --project ID                           the project's retention policy and what it would
                                                   remove now (a dry run; gc applies it)
  set-password --email E --password P              sets a password; ends the account's sessions
  sign-out-everywhere --email E                    ends every session of the account
  backup <file>                                    writes the database and the local artifacts to
                                                   <file> (.tar.gz), consistent, while Cairn runs
  restore <file>                                   restores a backup into a fresh data dir (or an
                                                   empty DATABASE_URL database); Cairn stopped
  gc [--dry-run] [--grace-days N]                  removes deleted runs and projects past the
                                                   grace period (CAIRN_GC_GRACE_DAYS, default 30),
                                                   applies retention policies, removes queued
                                                   artifact bytes and stale uploads; prints the
                                                   bytes reclaimed (with --dry-run: what would go)

Database: DATABASE_URL, or the embedded database of the data dir (CAIRN_DATA_DIR, default
.cairn/), whether or not the server is running.`;

export type CliIo = { out(line: string): void; err(line: string): void };

/**
 * Opens the database for the duration of a command; close() undoes what it started. It
 * migrates first unless the command says not to (backup takes the schema as it is; restore
 * needs an empty database).
 */
export type OpenDatabase = (options?: { migrate?: boolean }) => Promise<{ close(): Promise<void> }>;

export class UsageError extends Error {
  override name = 'UsageError';
}

const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
const SCOPES = ['read', 'write'] as const;

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

type Command = {
  options: Options;
  required: string[];
  /** Positional arguments, by name (all required). */
  positionals?: string[];
  /** false: open the database without migrating it. */
  migrate?: boolean;
  /** Checks that need no database, so usage errors come back at once. */
  check?(values: Values): void;
  run(values: Values, io: CliIo): Promise<void>;
};

const text = { type: 'string' } as const;

const commands: Record<string, Command> = {
  'create-user': {
    options: { email: text, password: text, name: text, admin: { type: 'boolean' } },
    required: ['email', 'password'],
    async run(values, io) {
      const user = await db.$transaction(async (tx) => {
        const created = await createUser(
          { email: str(values.email), password: str(values.password), name: values.name as string | undefined, isInstanceAdmin: values.admin === true },
          tx,
        );
        await recordAuditEvent(tx, { principal: system, action: 'user.create', targetType: 'User', targetId: created.id, metadata: { email: created.email, isInstanceAdmin: created.isInstanceAdmin } });
        return created;
      });
      io.out(`Created user ${user.email}${user.isInstanceAdmin ? ' (instance admin)' : ''}`);
    },
  },
  'create-team': {
    options: { name: text, slug: text },
    required: ['name'],
    async run(values, io) {
      const team = await createTeam(system, { name: str(values.name), ...(values.slug !== undefined ? { slug: str(values.slug) } : {}) });
      io.out(team.slug);
    },
  },
  'add-member': {
    options: { team: text, email: text, role: text },
    required: ['team', 'email', 'role'],
    check: (values) => oneOf('role', values.role, ROLES),
    async run(values, io) {
      const team = await teamBySlug(str(values.team));
      const member = await addMember(system, { teamId: team.id, email: str(values.email), role: str(values.role) });
      io.out(`Added ${member.user.email} to ${team.slug} as ${member.role.toLowerCase()}`);
    },
  },
  'create-token': {
    options: { email: text, team: text, name: text, scope: text },
    required: ['email', 'team', 'name'],
    check: (values) => oneOf('scope', values.scope ?? 'read', SCOPES),
    async run(values, io) {
      const team = await teamBySlug(str(values.team));
      const owner = await userPrincipalByEmail(str(values.email));
      if (!owner.memberships.has(team.id)) throw badInput(`${owner.email} is not a member of team ${team.slug}`);
      const scope = str(values.scope ?? 'read');
      const { token } = await createApiToken(owner, { teamId: team.id, name: str(values.name), scope: scope as 'read' | 'write' });
      io.err(`Created a ${scope} token for ${owner.email} in ${team.slug}. It is shown once:`);
      io.out(token);
    },
  },
  backup: {
    options: {},
    required: [],
    positionals: ['file'],
    migrate: false,
    async run(values, io) {
      const manifest = await backupInstance({ file: str(values.file), log: (line) => io.err(line) });
      const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
      io.out(`Backed up ${rows} rows in ${manifest.tables.length} tables and ${manifest.artifacts.files} artifact files (${formatBytes(manifest.artifacts.bytes)}) to ${path.resolve(str(values.file))}`);
      if (manifest.artifacts.store === 's3') io.out('Artifacts are in S3 and not in this file: back the bucket up with its own tools');
    },
  },
  restore: {
    options: {},
    required: [],
    positionals: ['file'],
    migrate: false,
    async run(values, io) {
      try {
        const manifest = await restoreInstance({ file: str(values.file), log: (line) => io.err(line) });
        io.out(`Restored the backup of ${manifest.createdAt}: ${manifest.tables.reduce((sum, t) => sum + t.rows, 0)} rows, ${manifest.artifacts.files} artifact files`);
      } catch (error) {
        if (error instanceof RestoreRefusedError) throw badInput(error.message);
        throw error;
      }
    },
  },
  gc: {
    options: { 'dry-run': { type: 'boolean' }, 'grace-days': text },
    required: [],
    check: (values) => {
      if (values['grace-days'] !== undefined && !/^\d{1,4}$/.test(str(values['grace-days']))) throw new UsageError('--grace-days must be a whole number of days');
    },
    async run(values, io) {
      const graceDays = values['grace-days'] === undefined ? undefined : Number(values['grace-days']);
      try {
        const report = await collectGarbage({ dryRun: values['dry-run'] === true, graceDays });
        for (const line of describeGcReport(report)) io.out(line);
      } catch (error) {
        if (error instanceof GcBusyError) throw badInput(error.message);
        throw error;
      }
    },
  },
  retention: {
    options: { project: text },
    required: ['project'],
    check: (values) => {
      if (!/^\d{1,19}$/.test(str(values.project).trim())) throw new UsageError('--project must be a project (experiment) id');
    },
    async run(values, io) {
      const projectId = str(values.project).trim();
      const policy = await db.retentionPolicy.findUnique({ where: { projectId: BigInt(projectId) } });
      if (!policy) throw badInput(`Project ${projectId} has no retention policy (set one in its settings page or with GraphQL setRetentionPolicy)`);
      const plan = await previewRetention(system, { projectId });
      for (const line of describeRetentionPlan(policy, plan)) io.out(line);
    },
  },
  'set-password': {
    options: { email: text, password: text },
    required: ['email', 'password'],
    async run(values, io) {
      await resetPassword(system, { email: str(values.email), password: str(values.password) });
      io.out(`Set the password of ${str(values.email).trim().toLowerCase()}; their sessions have ended`);
    },
  },
  'sign-out-everywhere': {
    options: { email: text },
    required: ['email'],
    async run(values, io) {
      const user = await userPrincipalByEmail(str(values.email));
      await signOutEverywhere(system, { userId: user.userId });
      io.out(`Ended every session of ${user.email}`);
    },
  },
};

/** Runs one command line; returns the process exit code. */
export async function runAdminCli(argv: string[], io: CliIo, openDatabase: OpenDatabase): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    io.out(USAGE);
    return 0;
  }
  let command: Command;
  let values: Values;
  try {
    if (!name) throw new UsageError('No command given');
    if (!Object.hasOwn(commands, name)) throw new UsageError(`Unknown command: ${name}`);
    command = commands[name]!;
    values = parseOptions(command, rest);
  } catch (error) {
    return usageFailure(error, io);
  }

  let database: { close(): Promise<void> } | undefined;
  try {
    database = await openDatabase({ migrate: command.migrate ?? true });
    await command.run(values, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error, io);
    if (isAppError(error)) {
      io.err(`Error: ${error.message}`);
      return 1;
    }
    io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database?.close();
  }
}

function parseOptions(command: Command, args: string[]): Values {
  let values: Values;
  try {
    const parsed = parseArgs({ args, options: command.options, strict: true, allowPositionals: Boolean(command.positionals) });
    values = parsed.values as Values;
    const names = command.positionals ?? [];
    if (parsed.positionals.length !== names.length) {
      throw new UsageError(names.length ? `Give ${names.map((n) => `<${n}>`).join(' ')}` : 'Unexpected argument');
    }
    names.forEach((name, index) => (values[name] = parsed.positionals[index]));
  } catch (error) {
    // node:util's messages are clear ("Unknown option '--x'"); anything else is ours to fix.
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
  for (const option of command.required) {
    if (typeof values[option] !== 'string' || (values[option] as string).trim() === '') throw new UsageError(`Missing --${option}`);
  }
  command.check?.(values);
  return values;
}

function usageFailure(error: unknown, io: CliIo): number {
  if (!(error instanceof UsageError)) throw error;
  io.err(`Error: ${error.message}\n\n${USAGE}`);
  return 2;
}

function oneOf(option: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value.trim().toLowerCase())) {
    throw new UsageError(`Unknown ${option} '${String(value)}': use ${allowed.join(', ')}`);
  }
}

const str = (value: string | boolean | undefined): string => String(value ?? '');

async function teamBySlug(slug: string) {
  try {
    return (await getTeam(system as Principal, { slug })).team;
  } catch (error) {
    if (isAppError(error) && (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT')) throw new UsageError(`Unknown team: ${slug}`);
    throw error;
  }
}

async function userPrincipalByEmail(email: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  const principal = user && (await loadUserPrincipal(user.id));
  if (!principal) throw badInput(`No user with the email ${email}`);
  return principal;
}
