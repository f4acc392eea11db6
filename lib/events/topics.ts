// Live-update topics. An event names only a topic ("run X changed"), never data: a page that
// hears one refetches through GraphQL, which authorizes again. So an event can reveal no
// more than that something the listener was allowed to watch has changed.

/** A run's status, metrics, params, tags or note changed. */
export const runTopic = (runId: string) => `run:${runId}`;
/** A run of the project was created, changed status, was deleted or restored. */
export const projectTopic = (projectId: bigint | string) => `project:${String(projectId)}`;
/** A comment thread changed (new, edited or deleted comment). */
export const threadTopic = (targetType: string, targetId: string) => `thread:${targetType}:${targetId}`;
/** A person's inbox changed (new notification, some marked read). */
export const inboxTopic = (userId: string) => `inbox:${userId}`;
/** A share link was revoked: streams opened with it end. */
export const shareLinkTopic = (shareLinkId: string) => `share:${shareLinkId}`;

/** The longest topic accepted from a client (a thread topic of a model version fits easily). */
export const MAX_TOPIC_LENGTH = 200;

/**
 * How often a live page refetches at most while its topics keep changing (a training run
 * logs several batches a second). Three seconds keeps charts live while ten open pages of a
 * busy run cost ingestion little (bench/live.bench.ts measures it).
 */
export const LIVE_REFRESH_MS = 3000;
