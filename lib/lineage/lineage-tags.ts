// The run tags a plain MLflow script declares lineage with (documented in README.md,
// "Lineage"). Values list references separated by commas or new lines.
//   cairn.outputs          names of datasets the run logged with mlflow.log_input that it wrote
//                          (cleaned data, features, predictions) rather than read
//   cairn.derived_from     datasets the run's outputs were derived from: name, name@digest,
//                          a source URI or a dataset global id
//   cairn.model            model versions the run used (inference, evaluation):
//                          models:/<name>/<version>, models:/<name>@<alias>, models:/<name>/<stage>,
//                          <name>/<version> or a model version global id
//   cairn.fine_tuned_from  the model version this training run started from; versions
//                          registered from the run are recorded as fine-tuned from it
//   cairn.seed             the random seed (a value), when no seed/random_seed/random_state param says it
export const LineageTag = {
  outputs: 'cairn.outputs',
  derivedFrom: 'cairn.derived_from',
  model: 'cairn.model',
  fineTunedFrom: 'cairn.fine_tuned_from',
  seed: 'cairn.seed',
} as const;

/** Tags whose change changes the run's edges (mlflow.parentRunId too: the PARENT edge). */
export const EDGE_TAGS: ReadonlySet<string> = new Set([LineageTag.outputs, LineageTag.derivedFrom, LineageTag.model, LineageTag.fineTunedFrom, 'mlflow.parentRunId']);

export const MAX_REFS_PER_TAG = 50;

/** The references a tag value lists, in order, without blanks and repeats. */
export function tagRefs(value: string | null | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split(/[,\n]/).map((part) => part.trim()).filter(Boolean))];
}
