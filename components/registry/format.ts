// Display helpers for registry pages: stage names as MLflow users know them, relative times,
// page paths.
export type Stage = 'NONE' | 'STAGING' | 'PRODUCTION' | 'ARCHIVED';

export const STAGES: readonly Stage[] = ['NONE', 'STAGING', 'PRODUCTION', 'ARCHIVED'];

const LABELS: Record<Stage, string> = { NONE: 'None', STAGING: 'Staging', PRODUCTION: 'Production', ARCHIVED: 'Archived' };

export const stageLabel = (stage: Stage | null | undefined) => (stage ? LABELS[stage] : '');

/** "3 min ago", "2 h ago", "5 d ago", then the date. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 30 * 86_400) return `${Math.floor(seconds / 86_400)} d ago`;
  return new Date(iso).toLocaleDateString();
}

export const modelsPath = (teamSlug: string) => `/t/${teamSlug}/models`;
export const modelPath = (teamSlug: string, modelId: string) => `/t/${teamSlug}/models/${modelId}`;
export const versionPath = (teamSlug: string, modelId: string, version: number) => `/t/${teamSlug}/models/${modelId}/versions/${version}`;

export const personLabel = (user: { email: string; name?: string | null } | null | undefined) => (user ? user.name || user.email : 'someone');
