// What the project use cases return: the row plus its tags, in one shape both APIs
// translate (GraphQL Project, MLflow Experiment).
import type { LifecycleStage } from '../../db/client.ts';

export type ProjectTagView = { key: string; value: string };

export type ProjectView = {
  id: bigint;
  teamId: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  deletedAt: Date | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  tags: ProjectTagView[];
};

/** Prisma `include` that loads what a ProjectView needs. */
export const projectViewInclude = { tags: { orderBy: { key: 'asc' as const } } };

type ProjectRowWithTags = Omit<ProjectView, 'tags'> & { tags: { key: string; value: string }[] } & Record<string, unknown>;

export function toProjectView(row: ProjectRowWithTags): ProjectView {
  return {
    id: row.id,
    teamId: row.teamId,
    name: row.name,
    description: row.description,
    isDefault: row.isDefault,
    artifactLocation: row.artifactLocation,
    lifecycleStage: row.lifecycleStage,
    deletedAt: row.deletedAt,
    createdById: row.createdById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    tags: row.tags.map(({ key, value }) => ({ key, value })),
  };
}

/** Experiment ids travel as strings of the numeric id; anything else names no project. */
export function parseProjectId(id: string | number | bigint): bigint | null {
  if (typeof id === 'bigint') return id >= 0n ? id : null;
  const text = String(id).trim();
  if (!/^\d{1,18}$/.test(text)) return null;
  return BigInt(text);
}
