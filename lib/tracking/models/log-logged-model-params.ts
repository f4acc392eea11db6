// MLflow 3 LogLoggedModelParams (POST /logged-models/{model_id}/params): the params past the
// first batch CreateLoggedModel carried (the client sends them 100 at a time). Same key and
// value rules as create; a repeated key keeps its last value.
import type { Principal } from '../../authz/index.ts';
import { checkLoggedModelEntries } from './create-logged-model.ts';
import { updateLoggedModelRecord, type LoggedModelView } from './logged-model-view.ts';
import { MAX_PARAM_VAL_LENGTH } from '../validation.ts';

export async function logLoggedModelParams(principal: Principal, input: { modelId: string; params: { key: string; value: string }[] }): Promise<LoggedModelView> {
  const params = checkLoggedModelEntries(input.params, 'params', MAX_PARAM_VAL_LENGTH);
  return updateLoggedModelRecord(principal, input.modelId, (record) => {
    const merged = new Map(record.params.map((p) => [p.key, p.value]));
    for (const p of params) merged.set(p.key, p.value);
    return { ...record, params: [...merged].map(([key, value]) => ({ key, value })) };
  });
}
