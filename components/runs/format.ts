import { currentShareSecret } from '../graphql-request';
// Display helpers for run pages: epoch milliseconds (BigInt strings), durations, sizes, links.

export function formatTime(epochMs: string | null | undefined): string {
  if (!epochMs) return '';
  return new Date(Number(epochMs)).toLocaleString();
}

/** "1h 2m 3s"; a running run counts up to now. */
export function formatDuration(startMs: string, endMs: string | null | undefined, now = Date.now()): string {
  const total = Math.max(0, Math.round(((endMs ? Number(endMs) : now) - Number(startMs)) / 1000));
  if (total < 60) return `${total}s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}h ${minutes}m ${seconds}s` : `${minutes}m ${seconds}s`;
}

export function formatBytes(size: string | number): string {
  const bytes = Number(size);
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export const runPath = (teamSlug: string, runId: string) => `/t/${teamSlug}/runs/${runId}`;

/**
 * The download route (the signed-in one, or a share page's own); each path segment encoded
 * once, as the route decodes it once.
 */
export function artifactDownloadUrl(runId: string, path: string): string {
  const secret = currentShareSecret();
  const root = secret ? `/s/${secret}/artifacts` : '/api/artifacts';
  return `${root}/${runId}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", else the date: how long ago something happened. */
export function formatRelative(when: string | number | Date | null | undefined, now = Date.now()): string {
  if (when === null || when === undefined) return '';
  const time = new Date(when).getTime();
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  if (seconds < 30 * 86_400) return `${Math.round(seconds / 86_400)} days ago`;
  return new Date(time).toLocaleDateString(undefined, { dateStyle: 'medium' });
}
