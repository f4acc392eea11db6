import { describe, expect, it } from 'vitest';
import { stageLabel, timeAgo } from './format';

describe('registry display helpers', () => {
  it('names stages as MLflow does and says how long ago something happened', () => {
    expect(stageLabel('PRODUCTION')).toBe('Production');
    expect(stageLabel(null)).toBe('');
    const now = Date.parse('2026-11-29T12:00:00Z');
    expect(timeAgo('2026-11-29T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-11-29T11:55:00Z', now)).toBe('5 min ago');
    expect(timeAgo('2026-11-29T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-11-27T12:00:00Z', now)).toBe('2 d ago');
  });
});
