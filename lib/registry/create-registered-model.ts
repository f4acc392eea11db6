// MLflow CreateRegisteredModel: a new model name in the team, with tags and a description.
// Names are unique per team; a taken one is RESOURCE_ALREADY_EXISTS, as in MLflow.
import { actorUserId, authorize, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { alreadyExists, isUniqueViolation } from '../errors.ts';
import { checkModelName, checkRegistryTags, MAX_DESCRIPTION_LENGTH, optionalText } from './registry-input.ts';
import { loadModelView, type RegisteredModelView } from './registry-view.ts';

export type CreateRegisteredModelInput = {
  teamId: string;
  name: string;
  description?: string | null;
  tags?: { key: string; value?: string | null }[] | null;
  clientAddress?: string | null;
};

export const modelNameTaken = (name: string) => alreadyExists(`Registered Model (name=${name}) already exists.`);

export async function createRegisteredModel(principal: Principal, input: CreateRegisteredModelInput): Promise<RegisteredModelView> {
  const name = checkModelName(input.name);
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION_LENGTH);
  const tags = checkRegistryTags(input.tags);
  authorize(principal, 'registry:write', input.teamId);
  try {
    const model = await db.$transaction(async (tx) => {
      const created = await tx.registeredModel.create({
        data: { teamId: input.teamId, name, description, createdById: actorUserId(principal), tags: { create: tags } },
      });
      await recordAuditEvent(tx, {
        principal,
        teamId: input.teamId,
        action: 'registry.model.create',
        targetType: 'RegisteredModel',
        targetId: created.id,
        ip: input.clientAddress,
        metadata: { model: name },
      });
      return created;
    });
    return loadModelView(model.id);
  } catch (error) {
    if (isUniqueViolation(error)) throw modelNameTaken(name);
    throw error;
  }
}
