// The seed's lineage chain (seeds/003: raw data -> cleaned -> features -> training data ->
// training -> model v1 -> fine-tuned v2 -> production), plus an inference run that used the
// production version on a scoring batch and wrote predictions (pressure test 6), built only
// through Cairn's APIs the way a team's scripts would: MLflow REST calls (runs, params, tags,
// log-inputs, artifacts, log-model, register, stage), cairn.* run tags, and one GraphQL
// mutation (the training data derived from the features). Used by the integration tests and
// the e2e spec, each with its own HTTP function.
export type Http = (method: string, path: string, body?: unknown, contentType?: string) => Promise<{ status: number; body: any; text: string }>;

export type SeedChain = {
  experimentId: string;
  runs: { clean: string; featurize: string; train: string; fineTune: string; inference: string };
  datasets: { raw: string; cleaned: string; features: string; trainingData: string; trainingDataV2: string; scoring: string; predictions: string };
  versions: { v1: string; v2: string };
  model: string;
};

const dataset = (name: string, digest: string, uri: string, context: string) => ({
  tags: [{ key: 'mlflow.data.context', value: context }],
  dataset: { name, digest, source_type: 's3', source: JSON.stringify({ uri }) },
});

export async function buildSeedChain(http: Http, options: { prefix?: string } = {}): Promise<SeedChain> {
  const p = options.prefix ?? '';
  const mlflow = async (path: string, body: unknown) => {
    const reply = await http('POST', `/api/2.0/mlflow/${path}`, body);
    if (reply.status !== 200) throw new Error(`${path} answered ${reply.status}: ${reply.text}`);
    return reply.body;
  };
  const upload = async (experimentId: string, runId: string, path: string, content: string) => {
    const reply = await http('PUT', `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/${path}`, content, 'text/plain');
    if (reply.status !== 200) throw new Error(`upload ${path} answered ${reply.status}: ${reply.text}`);
  };
  const { experiment_id: experimentId } = await mlflow('experiments/create', { name: `${p}fraud-detection` });
  const run = async (name: string, tags: { key: string; value: string }[] = []) =>
    (await mlflow('runs/create', { experiment_id: experimentId, run_name: name, start_time: Date.now(), tags: [{ key: 'mlflow.user', value: 'ada' }, ...tags] })).run.info.run_id as string;
  const finish = (runId: string) => mlflow('runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });

  // raw -> clean -> cleaned (the run declares what it wrote and what that was derived from)
  const clean = await run('clean-transactions', [{ key: 'mlflow.source.git.commit', value: 'a1b2c3d4e5f6' }]);
  await mlflow('runs/log-inputs', { run_id: clean, datasets: [dataset(`${p}raw_transactions`, 'r4w0001', 's3://lake/raw/transactions_2024.csv', 'source'), dataset(`${p}cleaned_transactions`, 'c1ea0001', 's3://lake/cleaned/transactions.parquet', 'output')] });
  await mlflow('runs/set-tag', { run_id: clean, key: 'cairn.outputs', value: `${p}cleaned_transactions` });
  await mlflow('runs/set-tag', { run_id: clean, key: 'cairn.derived_from', value: `${p}raw_transactions@r4w0001` });
  await finish(clean);

  // cleaned -> featurize -> features
  const featurize = await run('build-features', [{ key: 'cairn.outputs', value: `${p}features` }]);
  await mlflow('runs/log-inputs', { run_id: featurize, datasets: [dataset(`${p}cleaned_transactions`, 'c1ea0001', 's3://lake/cleaned/transactions.parquet', 'source'), dataset(`${p}features`, 'fea70001', 's3://lake/features/v1.2', 'output')] });
  await mlflow('runs/set-tag', { run_id: featurize, key: 'cairn.derived_from', value: `${p}cleaned_transactions` });
  await finish(featurize);

  // training data -> train -> model v1
  const train = await run('train-fraud-v1', [{ key: 'mlflow.source.git.commit', value: 'b2c3d4e5f6a7' }, { key: 'mlflow.source.git.branch', value: 'main' }]);
  await mlflow('runs/log-batch', { run_id: train, params: [{ key: 'learning_rate', value: '0.001' }, { key: 'seed', value: '42' }], metrics: [{ key: 'val_acc', value: 0.942, timestamp: Date.now(), step: 0 }] });
  await mlflow('runs/log-inputs', { run_id: train, datasets: [dataset(`${p}training_data`, 'd474v001', 's3://lake/training/fraud_v2.parquet', 'training')] });
  for (const file of ['MLmodel', 'model.pkl', 'requirements.txt', 'conda.yaml']) await upload(experimentId, train, `model/${file}`, `${file}\n`);
  await mlflow('runs/log-model', { run_id: train, model_json: JSON.stringify({ artifact_path: 'model', flavors: { sklearn: {} }, utc_time_created: '2025-10-30 14:23:00.000000', run_id: train }) });
  await finish(train);

  // fine-tune v1 on newer data -> v2
  const model = `${p}fraud-detector`;
  await mlflow('registered-models/create', { name: model });
  const v1 = (await mlflow('model-versions/create', { name: model, source: `runs:/${train}/model`, run_id: train })).model_version.version;
  const fineTune = await run('fine-tune-fraud-v2', [{ key: 'cairn.fine_tuned_from', value: `models:/${model}/${v1}` }, { key: 'mlflow.source.git.commit', value: 'c3d4e5f6a7b8' }]);
  await mlflow('runs/log-batch', { run_id: fineTune, params: [{ key: 'learning_rate', value: '0.0001' }] });
  await mlflow('runs/log-inputs', { run_id: fineTune, datasets: [dataset(`${p}training_data`, 'd474v002', 's3://lake/training/fraud_v2.parquet', 'training')] });
  for (const file of ['MLmodel', 'model.pkl']) await upload(experimentId, fineTune, `model/${file}`, `${file}\n`);
  await finish(fineTune);
  const v2 = (await mlflow('model-versions/create', { name: model, source: `runs:/${fineTune}/model`, run_id: fineTune })).model_version.version;
  await mlflow('model-versions/transition-stage', { name: model, version: v2, stage: 'Production', archive_existing_versions: true });

  // production -> inference on a scoring batch -> predictions
  const inference = await run('inference-2025-10-30', [{ key: 'cairn.model', value: `models:/${model}/Production` }, { key: 'cairn.outputs', value: `${p}predictions` }]);
  await mlflow('runs/log-inputs', { run_id: inference, datasets: [dataset(`${p}scoring_batch`, '5c0e0001', 's3://lake/scoring/2025-10-30.csv', 'inference'), dataset(`${p}predictions`, 'p7ed0001', 's3://lake/predictions/2025-10-30.csv', 'predictions')] });
  await finish(inference);

  // Dataset and version ids from GraphQL (MLflow's wire has no dataset ids).
  const graph = await http('POST', '/api/graphql', {
    query: `query($run: ID!, $ft: ID!, $clean: ID!, $featurize: ID!, $inference: ID!) {
      train: run(id: $run) { datasets { dataset { id name digest } } modelVersions { id version } }
      ft: run(id: $ft) { datasets { dataset { id name digest } } modelVersions { id version } }
      clean: run(id: $clean) { datasets { dataset { id name digest } } }
      featurize: run(id: $featurize) { datasets { dataset { id name digest } } }
      inference: run(id: $inference) { datasets { dataset { id name digest } } }
    }`,
    variables: { run: train, ft: fineTune, clean, featurize, inference },
  });
  if (graph.status !== 200 || graph.body.errors) throw new Error(`GraphQL answered ${graph.status}: ${graph.text}`);
  const data = graph.body.data;
  const idOf = (inputs: { dataset: { id: string; name: string; digest: string } }[], name: string, digest?: string) =>
    inputs.find((i) => i.dataset.name === `${p}${name}` && (!digest || i.dataset.digest === digest))!.dataset.id;
  const chain: SeedChain = {
    experimentId,
    model,
    runs: { clean, featurize, train, fineTune, inference },
    datasets: {
      raw: idOf(data.clean.datasets, 'raw_transactions'),
      cleaned: idOf(data.clean.datasets, 'cleaned_transactions'),
      features: idOf(data.featurize.datasets, 'features'),
      trainingData: idOf(data.train.datasets, 'training_data'),
      trainingDataV2: idOf(data.ft.datasets, 'training_data', 'd474v002'),
      scoring: idOf(data.inference.datasets, 'scoring_batch'),
      predictions: idOf(data.inference.datasets, 'predictions'),
    },
    versions: { v1: data.train.modelVersions[0].id, v2: data.ft.modelVersions[0].id },
  };
  // The training data was derived from the features by a notebook nobody logged: declared.
  const declared = await http('POST', '/api/graphql', {
    query: 'mutation($from: ID!, $to: ID!) { declareLineage(input: { kind: DERIVED, from: $from, to: $to, note: "split in the 2024-11 notebook" }) { id } }',
    variables: { from: `dataset:${chain.datasets.features}`, to: `dataset:${chain.datasets.trainingData}` },
  });
  if (declared.status !== 200 || declared.body.errors) throw new Error(`declareLineage answered ${declared.status}: ${declared.text}`);
  return chain;
}
