// Create a project (an MLflow experiment) in a team. Names are unique per team, deleted
// projects included, as MLflow's experiment names are.
import { z } from 'zod';
import { actorUserId, authorize, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { badInput } from '../../errors.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { MAX_ARTIFACT_LOCATION_LENGTH, projectNameConflict, projectNameSchema, projectTagSchema } from './project-input.ts';
import { projectViewInclude, toProjectView, type ProjectView } from './project-view.ts';

const createProjectInput = z.object({
  teamId: z.string().min(1),
  name: projectNameSchema,
  description: z.string().max(10_000).nullish(),
  tags: z.array(projectTagSchema).max(100).default([]),
  artifactLocation: z.string().trim().max(MAX_ARTIFACT_LOCATION_LENGTH).nullish(),
});

/**
 * A caller-chosen artifact location must be remote storage the client writes to itself
 * (s3://, gs://, ...). Local paths and `mlflow-artifacts:` roots are Cairn's to assign:
 * accepting them would let a caller point a project at files the server reads.
 */
export function checkArtifactLocation(location: string): void {
  const match = /^([a-z][a-z0-9+.-]*):\/\/[^/]/i.exec(location);
  const scheme = match?.[1].toLowerCase();
  let decoded = location;
  try {
    decoded = decodeURIComponent(decodeURIComponent(location));
  } catch {
    // Malformed escapes: judge the raw text.
  }
  const segments = [...location.split(/[\\/]/), ...decoded.split(/[\\/]/)];
  if (!scheme || scheme === 'file' || scheme === 'mlflow-artifacts' || segments.includes('..') || location.includes('\0')) {
    throw badInput(
      `Invalid artifact_location '${location}': give a remote storage URI such as s3://bucket/path, or leave it out to let Cairn store the artifacts`,
    );
  }
}

export type CreateProjectInput = z.input<typeof createProjectInput>;

/** Where a project's runs keep their artifacts unless the caller names another place. */
export const defaultArtifactLocation = (projectId: bigint) => `mlflow-artifacts:/${projectId}`;

/** The next project id, taken before the insert so the default artifact location can name it. */
export async function nextProjectId(): Promise<bigint> {
  const rows = await db.$queryRaw<{ id: bigint }[]>`SELECT nextval(pg_get_serial_sequence('projects', 'id')) AS id`;
  return BigInt(rows[0].id);
}

export async function createProject(principal: Principal, input: CreateProjectInput): Promise<ProjectView> {
  const { teamId, name, description, tags, artifactLocation } = parseInput(createProjectInput, input);
  authorize(principal, 'project:write', teamId);
  if (artifactLocation) checkArtifactLocation(artifactLocation);
  const id = await nextProjectId();
  // Last write wins for repeated tag keys, as MLflow's tag semantics.
  const tagMap = new Map(tags.map((t) => [t.key, t.value]));
  try {
    const row = await db.project.create({
      data: {
        id,
        teamId,
        name,
        description: description ?? null,
        artifactLocation: artifactLocation || defaultArtifactLocation(id),
        createdById: actorUserId(principal),
        tags: { create: [...tagMap].map(([key, value]) => ({ key, value })) },
      },
      include: projectViewInclude,
    });
    return toProjectView(row);
  } catch (error) {
    throw projectNameConflict(error, name);
  }
}
