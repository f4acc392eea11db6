// The compare view's one request (the runs, their params and latest metrics, and the charted
// series), and its early start: the compare page's HTML starts this very request with a few
// bytes of inline script while the browser is still loading the page's JavaScript; the view
// then takes that response instead of asking again (it asks itself when the request differs,
// e.g. after a client-side navigation, or failed). Pure and server-safe, so that the page
// (a server component) and the view name the same request.
import { chartedMetricKeys, pointsPerSeries } from '../charts/series-request';
import type { FetchedSeries } from '../charts/use-metric-series';
import type { GraphQLRun } from '../runs-table/run-rows';
import { runRowFields } from '../runs-table/run-rows';
import type { CompareState } from './compare-state';
import type { ComparedMetric, ComparedParam } from './compare-table';

export const MAX_COMPARED_RUNS = 100;

export type CompareData = {
  compareRuns: {
    /** `project` is left out on share pages. */
    runs: (GraphQLRun & { project?: { id: string; name: string; team: { slug: string } } })[];
    params: ComparedParam[];
    metrics: ComparedMetric[];
    histories: FetchedSeries[];
  };
};

// A share link reads the runs it names, not their project or comments: $shared skips those.
// $chartKeys: the line charts' metrics when the view names its charts, else null (the
// server's default: the metrics with a history, which the default panels chart).
const COMPARE = `query CompareRuns($ids: [ID!]!, $shared: Boolean!, $chartKeys: [String!], $maxPoints: Int) {
  compareRuns(runIds: $ids) {
    runs { ${runRowFields('$shared')} project @skip(if: $shared) { id name team { slug } } }
    params { key values differs }
    metrics { key values steps }
    histories(keys: $chartKeys, maxPoints: $maxPoints) { runId key downsampled columns }
  }
}`;

export type CompareRequest = { query: string; variables: Record<string, unknown> };

export function compareRequest(runIds: readonly string[], state: CompareState, shared: boolean): CompareRequest {
  return {
    query: COMPARE,
    variables: {
      ids: runIds,
      shared,
      chartKeys: state.panels ? chartedMetricKeys(state.panels) : null,
      maxPoints: pointsPerSeries(new Set(runIds).size),
    },
  };
}

const EARLY = '__cairnEarlyCompare';
type Early = { body: string; response: Promise<Response | null> };

/** Inline script text that POSTs the request at once (with the session cookie) and keeps the response for the view. */
export function earlyRequestScript(request: CompareRequest): string {
  // A JS string literal safe inside <script>: no "<" (so no "</script>"), no raw U+2028/9.
  const body = JSON.stringify(JSON.stringify(request)).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `window.${EARLY}={body:${body},response:fetch("/api/graphql",{method:"POST",headers:{"content-type":"application/json"},credentials:"same-origin",body:${body}}).catch(function(){return null})}`;
}

/** The early response to exactly this request, once; null when there is none. */
export function takeEarlyResponse(request: CompareRequest): Promise<Response | null> | null {
  const holder = window as unknown as Record<string, Early | undefined>;
  const early = holder[EARLY];
  if (!early || early.body !== JSON.stringify(request)) return null;
  delete holder[EARLY];
  return early.response;
}
