// The audit trail's action names: `<noun>.<verb>`, lowercase, stable (admins filter and export
// by them, and scripts may match them). Record a new kind of event under a new name added
// here, with what it means; never rename one. recordAuditEvent takes any string so a domain
// can add its names here in the same change that starts recording them.

/** Name -> what happened (shown in the audit page's action filter and in docs). */
export const AUDIT_ACTIONS = {
  // People and sessions (team-less: a team's admins see those of the team's members)
  'user.create': 'An account was created with the admin CLI',
  'user.signed_in': 'Signed in (password or identity provider)',
  'user.sign_in_failed': 'A sign-in failed (wrong password, locked account, or unknown email)',
  'user.signed_out': 'Signed out of one browser',
  'user.sign_out_everywhere': 'Every session of the account was ended',
  'user.password_change': 'The account holder changed their password (ends every session)',
  'user.password_reset': "An operator set the account's password with the admin CLI (ends every session)",
  // Teams and access
  'team.create': 'A team was created',
  'team.update': "The team's name or slug changed",
  'team.delete': 'A team and everything it held was deleted',
  'member.add': 'Someone was added to the team',
  'member.role_change': "A member's role changed",
  'member.remove': 'A member was removed from the team (their tokens were revoked)',
  'member.leave': 'A member left the team',
  'invitation.create': 'An invitation link was created',
  'invitation.revoke': 'An invitation link was revoked',
  'invitation.accept': 'An invitation was accepted',
  'token.create': 'An API token was created',
  'token.revoke': 'An API token was revoked',
  // Deletions and purges
  'project.delete': 'A project was deleted (restorable until purged)',
  'project.restore': 'A deleted project was restored',
  'project.purge': 'A deleted project was removed for good after the grace period',
  'run.delete': 'A run was deleted (restorable until purged)',
  'run.restore': 'A deleted run was restored',
  'run.purge': 'A deleted run was removed for good after the grace period',
  'artifact.delete': 'Artifact files of a run were deleted',
  'artifacts.purge': 'Stored artifact bytes of deleted runs, projects or teams were removed',
  'retention.update': "A project's artifact retention policy was set, changed or removed",
  'retention.purge': "A run's artifacts were removed by its project's retention policy",
  // The instance
  'instance.backup': 'A backup of the database and artifacts was written',
  'instance.restore': 'The instance was restored from a backup',
  // Recorded by the registry and collaboration domains (through recordAuditEvent)
  'share_link.create': 'A share link was created',
  'share_link.open': 'A share link was opened',
  'share_link.revoke': 'A share link was revoked',
  'model_version.stage_change': "A model version's stage changed",
  'model_alias.set': 'A model alias was set or moved',
  'model_alias.delete': 'A model alias was removed',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/**
 * Events about a person rather than a team (recorded with no team): a team's admins see
 * those whose actor or target is one of the team's current members.
 */
export const PERSONAL_ACTIONS: readonly AuditAction[] = [
  'user.signed_in',
  'user.sign_in_failed',
  'user.signed_out',
  'user.sign_out_everywhere',
  'user.password_change',
  'user.password_reset',
];
