import { describe, expect, it } from 'vitest';
import { entriesIn, type ArtifactRow } from './artifact-entries';

const file = (path: string): ArtifactRow => ({ path, size: '1', sha256: 'x', contentType: null, createdAt: '' });
const artifacts = ['model.txt', 'model/MLmodel', 'model/data/weights.bin', 'a.json', 'modelling/notes.md'].map(file);

describe('entriesIn', () => {
  it('lists folders first, then files, one level at a time', () => {
    expect(entriesIn(artifacts, '').map((entry) => `${entry.kind}:${entry.name}`)).toEqual([
      'dir:model',
      'dir:modelling',
      'file:a.json',
      'file:model.txt',
    ]);
    expect(entriesIn(artifacts, 'model')).toEqual([
      { kind: 'dir', name: 'data', path: 'model/data', files: 1 },
      { kind: 'file', name: 'MLmodel', artifact: artifacts[1] },
    ]);
  });

  it('does not mistake a sibling with the same prefix for a sub-folder', () => {
    expect(entriesIn(artifacts, 'model').some((entry) => entry.name === 'notes.md')).toBe(false);
    expect(entriesIn(artifacts, 'model/data').map((entry) => entry.name)).toEqual(['weights.bin']);
  });
});
