// The audit trail: thin calls into lib/audit.
import { AUDIT_ACTIONS } from '../../lib/audit/actions.ts';
import { listAuditEvents, MAX_AUDIT_PAGE } from '../../lib/audit/list-audit-events.ts';
import { listOwnSecurityEvents } from '../../lib/audit/list-own-security-events.ts';
import { decodeCursor, pageSize, toConnection } from '../pagination.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { requirePerson } from './shared.ts';

export const auditResolvers: Resolvers = {
  Viewer: {
    securityEvents: (_viewer, { first }, { principal }) => listOwnSecurityEvents(principal, { first }),
  },
  Query: {
    auditEvents: async (_root, { teamId, filter, first, after }, { principal }) => {
      const size = pageSize(first, 50, MAX_AUDIT_PAGE);
      const { events, hasNextPage } = await listAuditEvents(principal, {
        teamId,
        actor: filter?.actor,
        action: filter?.action,
        target: filter?.target,
        since: filter?.since,
        until: filter?.until,
        first: size,
        afterId: decodeCursor(after),
      });
      return toConnection(events, hasNextPage, (event) => event.id);
    },
    auditActions: (_root, _args, { principal }) => {
      requirePerson(principal);
      return Object.entries(AUDIT_ACTIONS).map(([name, description]) => ({ name, description }));
    },
  },
};
