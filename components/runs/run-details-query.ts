// The run page's one query (run-details.tsx), in a module of its own so bench/requests.bench.ts
// measures exactly what the page sends.
import { REPRODUCIBILITY_FIELDS } from '../lineage/reproducibility-fields';

export const RUN_DETAILS_QUERY = `query RunDetails($id: ID!, $shared: Boolean!, $artifacts: Boolean!) {
  run(id: $id) {
    id name status startTime endTime lifecycleStage artifactUri
    project @skip(if: $shared) { id name }
    params { key value }
    tags { key value }
    latestMetrics { key value step timestamp }
    datasets { context dataset { id name digest sourceType source } }
    artifacts @include(if: $artifacts) { path size sha256 contentType createdAt }
    author { email name }
    user codeVersion gitBranch gitRepoUrl entryPoint sourceName sourceType note
    parent { id name status }
    children { id name status }
    modelVersions @skip(if: $shared) { version stage model { id name } }
    ${REPRODUCIBILITY_FIELDS.replace('reproducibility', 'reproducibility @skip(if: $shared)')}
    outputs @skip(if: $shared) { id name digest }
    usedModelVersions @skip(if: $shared) { version stage model { id name } }
  }
}`;
