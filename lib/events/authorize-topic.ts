// Which topics a live stream may listen to, decided by the same use cases that guard the
// data (lib/authz underneath): a run's topic needs the run readable, a thread's the comments
// readable, an inbox is only ever one's own. A client names topics in the form of topics.ts,
// except `inbox` (its own inbox). Anything else, or anything not readable, is NOT_FOUND.
import type { Principal } from '../authz/index.ts';
import { badInput } from '../errors.ts';
import { loadCommentTarget, parseTargetType } from '../comments/comment-target.ts';
import { inboxOwner } from '../notifications/list-notifications.ts';
import { getProject } from '../tracking/projects/get-project.ts';
import { loadRunFor } from '../tracking/runs/load-run-for.ts';
import { inboxTopic, MAX_TOPIC_LENGTH, projectTopic, runTopic, shareLinkTopic, threadTopic } from './topics.ts';

export const MAX_TOPICS_PER_STREAM = 50;

/** The internal topic to listen on for a client's topic, once the principal may; throws otherwise. */
export async function authorizeTopic(principal: Principal, topic: string): Promise<string> {
  if (topic.length > MAX_TOPIC_LENGTH) throw badInput('Topic too long');
  if (topic === 'inbox') return inboxTopic(inboxOwner(principal));
  const [kind, first, second] = topic.split(':');
  switch (kind) {
    case 'run':
      return runTopic((await loadRunFor(principal, first ?? '', 'team:read')).id);
    case 'project':
      return projectTopic((await getProject(principal, { projectId: first ?? '' })).id);
    case 'thread': {
      const target = await loadCommentTarget(principal, parseTargetType(first ?? ''), second ?? '', 'comment:read');
      return threadTopic(target.type, target.id);
    }
    default:
      throw badInput(`Unknown topic '${topic}': use run:<id>, project:<id>, thread:<RUN|COMPARISON>:<id> or inbox`);
  }
}

/** Every requested topic authorized (client topic -> internal topic), plus the link's own topic for a share principal. */
export async function authorizeTopics(principal: Principal, topics: readonly string[]): Promise<Map<string, string>> {
  if (topics.length === 0) throw badInput('Name at least one topic');
  if (topics.length > MAX_TOPICS_PER_STREAM) throw badInput(`At most ${MAX_TOPICS_PER_STREAM} topics per stream`);
  const internal = new Map<string, string>();
  for (const topic of new Set(topics)) internal.set(topic, await authorizeTopic(principal, topic));
  if (principal.kind === 'share') internal.set('', shareLinkTopic(principal.shareLinkId));
  return internal;
}
