// The viewer's inbox: thin calls into lib/notifications.
import { countUnreadNotifications, listNotifications, notificationPosition } from '../../lib/notifications/list-notifications.ts';
import { markNotificationsRead } from '../../lib/notifications/mark-notifications-read.ts';
import { describeNotification } from '../../lib/notifications/notification-view.ts';
import { badInput, notFound } from '../../lib/errors.ts';
import { decodeCursor, toConnection } from '../pagination.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const notificationResolvers: Resolvers = {
  Viewer: {
    notifications: async (_viewer, { first, after, unreadOnly }, { principal }) => {
      const page = await listNotifications(principal, { first: first ?? 30, after: decodeCursor(after), unreadOnly: unreadOnly ?? false });
      return toConnection(page.notifications, page.nextCursor !== null, notificationPosition);
    },
    unreadNotificationCount: (_viewer, _args, { principal }) => countUnreadNotifications(principal),
  },
  Notification: {
    kind: (notification) => notification.kind as 'MENTION',
    targetType: (notification) => notification.targetType as 'RUN',
    summary: (notification) => describeNotification(notification),
    request: (notification, _args, context) => (notification.requestId ? context.loaders.requestById.load(notification.requestId) : null),
    team: async (notification, _args, context) => {
      const team = await context.loaders.teamById.load(notification.teamId);
      if (!team) throw notFound('Team', notification.teamId);
      return team;
    },
  },
  Mutation: {
    markNotificationsRead: (_root, { ids, all }, { principal }) => {
      if ((ids == null) === (all == null || all === false)) throw badInput('Give either ids or all: true');
      return markNotificationsRead(principal, ids != null ? { ids } : { all: true });
    },
  },
};
