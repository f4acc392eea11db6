'use client';
// One registered model, for the team that runs it: what is in Production and under which
// aliases, every version with its stage and alias badges, one-click rollback, the requests
// waiting for a decision, and the history of every move (who, when, why). Actions follow the
// viewer's role: members move unprotected stages and aliases and request the protected ones;
// admins move anything and decide requests; viewers read.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { graphqlRequest } from '../graphql-request';
import { ErrorMessage } from '../runs/error-message';
import { runPath } from '../runs/format';
import { KeyValueTable } from '../runs/key-value-table';
import { AliasBadge, StageBadge } from './badges';
import { modelsPath, personLabel, stageLabel, STAGES, timeAgo, versionPath, type Stage } from './format';

type Person = { id?: string; email: string; name: string | null } | null;
type Version = {
  id: string;
  version: number;
  stage: Stage;
  aliases: string[];
  description: string | null;
  createdAt: string;
  createdBy: Person;
  run: { id: string; name: string } | null;
  metrics: { key: string; value: number | string }[];
};
type HistoryEntry = {
  id: string;
  kind: 'STAGE' | 'ALIAS_SET' | 'ALIAS_DELETED';
  versionNumber: number;
  fromStage: Stage | null;
  toStage: Stage | null;
  alias: string | null;
  previousVersionNumber: number | null;
  rollback: boolean;
  automatic: boolean;
  comment: string | null;
  createdAt: string;
  actor: Person;
  request: { id: string; requestedBy: Person } | null;
};
type Request = {
  id: string;
  kind: 'STAGE' | 'ALIAS_SET' | 'ALIAS_DELETED';
  versionNumber: number;
  toStage: Stage | null;
  alias: string | null;
  archiveExistingVersions: boolean;
  rollback: boolean;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';
  comment: string | null;
  createdAt: string;
  requestedBy: Person;
  decidedBy: Person;
  decidedAt: string | null;
  decisionComment: string | null;
};
type Target = { stage: Stage | null; alias: string | null; currentVersion: number | null; targetVersion: number };
type ModelData = {
  viewer: { id: string };
  registeredModel: {
    id: string;
    name: string;
    description: string | null;
    team: { id: string; registryProtections: { stage: Stage | null; alias: string | null }[] };
    tags: { key: string; value: string }[];
    aliases: { alias: string; protected: boolean; version: { version: number } }[];
    viewerPermissions: { canEdit: boolean; canMoveProtected: boolean; canDecide: boolean };
    rollbackTargets: Target[];
    versions: { edges: { node: Version }[]; pageInfo: { hasNextPage: boolean } };
    history: { edges: { node: HistoryEntry }[] };
    requests: Request[];
  };
};

const PERSON = 'id email name';
const MODEL = `query ModelPage($id: ID!) {
  viewer { id }
  registeredModel(id: $id) {
    id name description
    team { id registryProtections { stage alias } }
    tags { key value }
    aliases { alias protected version { version } }
    viewerPermissions { canEdit canMoveProtected canDecide }
    rollbackTargets { stage alias currentVersion targetVersion }
    versions(first: 200) {
      edges { node { id version stage aliases description createdAt createdBy { ${PERSON} } run { id name } metrics { key value } } }
      pageInfo { hasNextPage }
    }
    history(first: 200) {
      edges { node {
        id kind versionNumber fromStage toStage alias previousVersionNumber rollback automatic comment createdAt
        actor { ${PERSON} } request { id requestedBy { ${PERSON} } }
      } }
    }
    requests(first: 100) {
      id kind versionNumber toStage alias archiveExistingVersions rollback status comment createdAt
      requestedBy { ${PERSON} } decidedBy { ${PERSON} } decidedAt decisionComment
    }
  }
}`;

/** What a request or move does, in words: "Move v2 to Production", "Point @champion at v3". */
function describeMove(move: { kind: string; versionNumber: number; toStage: Stage | null; alias: string | null; rollback: boolean; archiveExistingVersions?: boolean }): string {
  if (move.rollback) return `Roll back ${move.toStage ? stageLabel(move.toStage) : `@${move.alias}`} to v${move.versionNumber}`;
  if (move.kind === 'STAGE') return `Move v${move.versionNumber} to ${stageLabel(move.toStage)}${move.archiveExistingVersions ? ' (archiving the others there)' : ''}`;
  if (move.kind === 'ALIAS_SET') return `Point @${move.alias} at v${move.versionNumber}`;
  return `Remove @${move.alias} (now on v${move.versionNumber})`;
}

export function ModelPage({ teamSlug, modelId }: { teamSlug: string; modelId: string }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const queryKey = ['model', modelId];
  const model = useQuery({ queryKey, queryFn: () => graphqlRequest<ModelData>(MODEL, { id: modelId }) });
  const refresh = () => queryClient.invalidateQueries({ queryKey });
  const act = useMutation({
    mutationFn: ({ document, variables }: { document: string; variables: Record<string, unknown>; label: string }) => graphqlRequest(document, variables),
    onSettled: refresh,
  });
  const run = (label: string, document: string, variables: Record<string, unknown>) => act.mutate({ label, document, variables });

  if (model.isPending) return <p>Loading…</p>;
  if (model.isError) return <ErrorMessage>{model.error.message}</ErrorMessage>;
  const { registeredModel: m, viewer } = model.data;
  const { canEdit, canMoveProtected, canDecide } = m.viewerPermissions;
  const protectedStages = new Set(m.team.registryProtections.flatMap((p) => (p.stage ? [p.stage] : [])));
  const protectedAliases = new Set(m.team.registryProtections.flatMap((p) => (p.alias ? [p.alias] : [])));
  const versions = m.versions.edges.map((e) => e.node);
  const production = versions.filter((v) => v.stage === 'PRODUCTION').sort((a, b) => b.version - a.version)[0];
  const pending = m.requests.filter((r) => r.status === 'PENDING');
  const decided = m.requests.filter((r) => r.status !== 'PENDING');
  const mustRequest = (stages: (Stage | null)[], aliases: (string | null)[]) =>
    !canMoveProtected && (stages.some((s) => s && protectedStages.has(s)) || aliases.some((a) => a && protectedAliases.has(a)));

  return (
    <>
      <p className="muted" style={{ marginBottom: 0 }}>
        <Link href={modelsPath(teamSlug)}>Models</Link> / {m.name}
      </p>
      <h1 style={{ marginTop: '0.2rem' }}>{m.name}</h1>
      {m.description && <p>{m.description}</p>}
      <div className="summary-cards">
        <div>
          <div className="label">In Production</div>
          <div className="value">{production ? <Link href={versionPath(teamSlug, m.id, production.version)}>v{production.version}</Link> : '—'}</div>
        </div>
        {m.aliases.map((a) => (
          <div key={a.alias}>
            <div className="label">
              <AliasBadge alias={a.alias} protectedAlias={a.protected} />
            </div>
            <div className="value">
              <Link href={versionPath(teamSlug, m.id, a.version.version)}>v{a.version.version}</Link>
            </div>
          </div>
        ))}
        <div>
          <div className="label">Versions</div>
          <div className="value">{versions.length}</div>
        </div>
      </div>
      {act.isError && <ErrorMessage>{`${act.variables?.label ?? 'That'} failed: ${act.error.message}`}</ErrorMessage>}
      {act.isSuccess && act.variables && (
        <p className="notice" role="status">
          {act.variables.label}: done.
        </p>
      )}

      {canEdit && m.rollbackTargets.length > 0 && (
        <section aria-label="Rollback">
          <h2>Rollback</h2>
          <p className="muted">Move a stage or an alias back to the version it held before. The move is recorded with your reason.</p>
          {m.rollbackTargets.map((target) => {
            const name = target.stage ? stageLabel(target.stage) : `@${target.alias}`;
            const request = mustRequest([target.stage], [target.alias]);
            return (
              <CommentForm
                key={name}
                label={`${request ? 'Request rollback of' : 'Roll back'} ${name}`}
                description={
                  <>
                    <strong>{name}</strong>: v{target.currentVersion ?? '—'} → v{target.targetVersion}
                    {request && <span className="muted"> (protected: an admin approves)</span>}
                  </>
                }
                placeholder="Why roll back?"
                onSubmit={(comment) =>
                  request
                    ? run(`Request rollback of ${name}`, REQUEST, { input: { modelId: m.id, move: 'ROLLBACK', stage: target.stage, alias: target.alias, comment } })
                    : run(`Roll back ${name}`, ROLLBACK, { input: { modelId: m.id, stage: target.stage, alias: target.alias, comment } })
                }
              />
            );
          })}
        </section>
      )}

      <section id="requests" aria-label="Requests">
        <h2>Requests{pending.length > 0 ? ` (${pending.length} waiting)` : ''}</h2>
        {pending.length === 0 && <p className="muted">No request is waiting.{protectedStages.size + protectedAliases.size > 0 && ` Protected here: ${[...[...protectedStages].map(stageLabel), ...[...protectedAliases].map((a) => `@${a}`)].join(', ')}.`}</p>}
        {pending.map((request) => {
          const own = request.requestedBy?.id === viewer.id;
          return (
            <div className="request" key={request.id} data-testid="pending-request">
              <strong>{describeMove(request)}</strong>
              <div className="muted">
                requested by {personLabel(request.requestedBy)} · {timeAgo(request.createdAt)}
              </div>
              {request.comment && <div className="why">“{request.comment}”</div>}
              {canDecide && !own && (
                <DecisionForm
                  onApprove={(comment) => run(`Approve: ${describeMove(request)}`, APPROVE, { input: { id: request.id, comment } })}
                  onReject={(comment) => run(`Reject: ${describeMove(request)}`, REJECT, { input: { id: request.id, comment } })}
                />
              )}
              {own && !canDecide && <div className="muted">Waiting for an admin.</div>}
              {(own || canDecide) && (
                <button className="secondary" style={{ marginTop: '0.4rem' }} onClick={() => run('Cancel the request', CANCEL, { id: request.id })}>
                  Cancel request
                </button>
              )}
            </div>
          );
        })}
        {decided.length > 0 && (
          <details>
            <summary>Decided requests ({decided.length})</summary>
            <ul>
              {decided.map((request) => (
                <li key={request.id}>
                  {describeMove(request)}: <strong>{request.status.toLowerCase()}</strong>
                  {request.decidedBy && ` by ${personLabel(request.decidedBy)}`} {request.decidedAt && timeAgo(request.decidedAt)}
                  {request.decisionComment && <span className="muted"> — “{request.decisionComment}”</span>}
                  <span className="muted"> (asked by {personLabel(request.requestedBy)})</span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <h2>Versions</h2>
      {versions.length === 0 ? (
        <p className="muted">No versions yet. Register one with mlflow.register_model("runs:/&lt;run_id&gt;/model", "{m.name}").</p>
      ) : (
        <table aria-label="Versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Stage</th>
              <th>Aliases</th>
              <th>Source run</th>
              <th>Metrics</th>
              <th>Registered</th>
              {canEdit && <th>Actions</th>}
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} data-testid={`version-${v.version}`}>
                <td>
                  <Link href={versionPath(teamSlug, m.id, v.version)}>
                    <strong>v{v.version}</strong>
                  </Link>
                </td>
                <td>
                  <StageBadge stage={v.stage} />
                </td>
                <td>
                  {v.aliases.map((alias) => (
                    <AliasBadge key={alias} alias={alias} protectedAlias={protectedAliases.has(alias)} />
                  ))}
                </td>
                <td>{v.run ? <Link href={runPath(teamSlug, v.run.id)}>{v.run.name}</Link> : <span className="muted">—</span>}</td>
                <td>
                  {v.metrics.slice(0, 3).map((metric) => (
                    <div key={metric.key}>
                      <span className="muted">{metric.key}</span> {typeof metric.value === 'number' ? Number(metric.value.toPrecision(4)) : metric.value}
                    </div>
                  ))}
                </td>
                <td>
                  {timeAgo(v.createdAt)}
                  <div className="muted">{personLabel(v.createdBy)}</div>
                </td>
                {canEdit && (
                  <td>
                    <VersionActions
                      version={v}
                      mustRequest={mustRequest}
                      onMove={(stage, archive, comment, request) =>
                        request
                          ? run(`Request: move v${v.version} to ${stageLabel(stage)}`, REQUEST, {
                              input: { modelId: m.id, move: 'STAGE', versionId: v.id, stage, archiveExistingVersions: archive, comment },
                            })
                          : run(`Move v${v.version} to ${stageLabel(stage)}`, TRANSITION, { input: { versionId: v.id, stage, archiveExistingVersions: archive, comment } })
                      }
                      onAlias={(alias, comment, request) =>
                        request
                          ? run(`Request: point @${alias} at v${v.version}`, REQUEST, { input: { modelId: m.id, move: 'ALIAS_SET', versionId: v.id, alias, comment } })
                          : run(`Point @${alias} at v${v.version}`, SET_ALIAS, { input: { versionId: v.id, alias, comment } })
                      }
                      deleteBlocked={mustRequest([v.stage], v.aliases)}
                      onDelete={() => {
                        if (window.confirm(`Delete version ${v.version} of ${m.name}? Its number is never reused.`)) run(`Delete v${v.version}`, DELETE_VERSION, { id: v.id });
                      }}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {m.versions.pageInfo.hasNextPage && <p className="muted">Showing the newest 200 versions.</p>}

      <h2>History</h2>
      <Timeline teamSlug={teamSlug} modelId={m.id} entries={m.history.edges.map((e) => e.node)} versions={versions} />

      <h2>Tags</h2>
      <KeyValueTable label="Model tags" rows={m.tags} empty="No tags." />

      {canEdit && (
        <p style={{ marginTop: '2rem' }}>
          <button
            className="danger"
            disabled={versions.some((v) => mustRequest([v.stage], v.aliases))}
            title={versions.some((v) => mustRequest([v.stage], v.aliases)) ? 'It holds a protected stage or alias: only admins delete it' : undefined}
            onClick={() => {
              if (window.confirm(`Delete ${m.name} with all its versions and history? This cannot be undone.`)) {
                act.mutate({ label: `Delete ${m.name}`, document: DELETE_MODEL, variables: { id: m.id } }, { onSuccess: () => router.push(modelsPath(teamSlug)) });
              }
            }}
          >
            Delete model
          </button>
        </p>
      )}
    </>
  );
}

const TRANSITION = `mutation Move($input: TransitionModelVersionStageInput!) { transitionModelVersionStage(input: $input) { id } }`;
const SET_ALIAS = `mutation SetAlias($input: SetModelAliasInput!) { setModelAlias(input: $input) { id } }`;
const ROLLBACK = `mutation Rollback($input: RollbackModelInput!) { rollbackModel(input: $input) { id } }`;
const REQUEST = `mutation RequestMove($input: RequestModelTransitionInput!) { requestModelTransition(input: $input) { id } }`;
const APPROVE = `mutation Approve($input: DecideTransitionRequestInput!) { approveTransitionRequest(input: $input) { id } }`;
const REJECT = `mutation Reject($input: DecideTransitionRequestInput!) { rejectTransitionRequest(input: $input) { id } }`;
const CANCEL = `mutation Cancel($id: ID!) { cancelTransitionRequest(id: $id) { id } }`;
const DELETE_VERSION = `mutation DeleteVersion($id: ID!) { deleteModelVersion(id: $id) }`;
const DELETE_MODEL = `mutation DeleteModel($id: ID!) { deleteRegisteredModel(id: $id) }`;

/** A reason box and a button (rollback rows). */
function CommentForm({ label, description, placeholder, onSubmit }: { label: string; description: ReactNode; placeholder: string; onSubmit: (comment: string) => void }) {
  const [comment, setComment] = useState('');
  return (
    <form
      className="inline"
      style={{ marginBottom: '0.5rem' }}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSubmit(comment);
        setComment('');
      }}
    >
      <span style={{ minWidth: '12rem' }}>{description}</span>
      <input aria-label={`Reason: ${label}`} placeholder={placeholder} value={comment} onChange={(event) => setComment(event.target.value)} maxLength={5000} />
      <button type="submit">{label}</button>
    </form>
  );
}

function DecisionForm({ onApprove, onReject }: { onApprove: (comment: string) => void; onReject: (comment: string) => void }) {
  const [comment, setComment] = useState('');
  return (
    <form className="inline" onSubmit={(event) => event.preventDefault()}>
      <input aria-label="Decision comment" placeholder="Comment for the requester" value={comment} onChange={(event) => setComment(event.target.value)} maxLength={5000} />
      <button type="button" onClick={() => onApprove(comment)}>
        Approve
      </button>
      <button type="button" className="danger" onClick={() => onReject(comment)}>
        Reject
      </button>
    </form>
  );
}

function VersionActions({
  version,
  mustRequest,
  onMove,
  onAlias,
  onDelete,
  deleteBlocked,
}: {
  version: Version;
  /** The version holds a protected stage or alias the viewer may not move. */
  deleteBlocked: boolean;
  mustRequest: (stages: (Stage | null)[], aliases: (string | null)[]) => boolean;
  onMove: (stage: Stage, archive: boolean, comment: string, request: boolean) => void;
  onAlias: (alias: string, comment: string, request: boolean) => void;
  onDelete: () => void;
}) {
  const [stage, setStage] = useState<Stage>(version.stage === 'PRODUCTION' ? 'ARCHIVED' : 'PRODUCTION');
  const [archive, setArchive] = useState(true);
  const [alias, setAlias] = useState('');
  const [comment, setComment] = useState('');
  const requestMove = mustRequest([version.stage, stage], []);
  const requestAlias = mustRequest([], [alias]);
  const archivable = stage === 'STAGING' || stage === 'PRODUCTION';
  return (
    <details className="actions">
      <summary>Actions</summary>
      <form
        className="inline"
        aria-label={`Move version ${version.version}`}
        onSubmit={(event) => {
          event.preventDefault();
          onMove(stage, archivable && archive, comment, requestMove);
        }}
      >
        <label>
          Stage
          <select value={stage} onChange={(event) => setStage(event.target.value as Stage)}>
            {STAGES.filter((s) => s !== version.stage).map((s) => (
              <option key={s} value={s}>
                {stageLabel(s)}
              </option>
            ))}
          </select>
        </label>
        {archivable && (
          <label style={{ flexDirection: 'row', alignItems: 'center' }}>
            <input type="checkbox" checked={archive} onChange={(event) => setArchive(event.target.checked)} /> archive the others there
          </label>
        )}
        <label>
          Why
          <input value={comment} onChange={(event) => setComment(event.target.value)} maxLength={5000} />
        </label>
        <button type="submit">{requestMove ? 'Request move' : 'Move'}</button>
      </form>
      <form
        className="inline"
        aria-label={`Set an alias on version ${version.version}`}
        onSubmit={(event) => {
          event.preventDefault();
          if (alias) onAlias(alias, comment, requestAlias);
        }}
      >
        <label>
          Alias
          <input value={alias} onChange={(event) => setAlias(event.target.value.trim())} placeholder="champion" maxLength={255} />
        </label>
        <button type="submit" disabled={!alias}>
          {requestAlias ? 'Request alias' : 'Set alias'}
        </button>
      </form>
      <button
        className="danger"
        style={{ marginTop: '0.4rem' }}
        onClick={onDelete}
        disabled={deleteBlocked}
        title={deleteBlocked ? 'It holds a protected stage or alias: only admins delete it' : undefined}
      >
        Delete version
      </button>
    </details>
  );
}

/** Moves and registrations, newest first, with who, when and why. */
function Timeline({ teamSlug, modelId, entries, versions }: { teamSlug: string; modelId: string; entries: HistoryEntry[]; versions: Version[] }) {
  type Item = { key: string; at: string; className: string; body: ReactNode; who: Person; why: string | null; flags: string[] };
  const items: Item[] = [
    ...entries.map((entry) => ({
      key: entry.id,
      at: entry.createdAt,
      className: entry.automatic ? 'automatic' : entry.rollback ? 'rollback' : '',
      who: entry.actor,
      why: entry.comment,
      flags: [...(entry.rollback ? ['rollback'] : []), ...(entry.request ? [`approved request of ${personLabel(entry.request.requestedBy)}`] : []), ...(entry.automatic ? ['automatic'] : [])],
      body:
        entry.kind === 'STAGE' ? (
          <>
            <Link href={versionPath(teamSlug, modelId, entry.versionNumber)}>v{entry.versionNumber}</Link> {stageLabel(entry.fromStage)} → <StageBadge stage={entry.toStage!} />
            {entry.previousVersionNumber !== null && <span className="muted"> (replacing v{entry.previousVersionNumber})</span>}
          </>
        ) : entry.kind === 'ALIAS_SET' ? (
          <>
            <AliasBadge alias={entry.alias!} /> {entry.previousVersionNumber !== null ? `v${entry.previousVersionNumber} → ` : 'set on '}
            <Link href={versionPath(teamSlug, modelId, entry.versionNumber)}>v{entry.versionNumber}</Link>
          </>
        ) : (
          <>
            <AliasBadge alias={entry.alias!} /> removed from v{entry.versionNumber}
          </>
        ),
    })),
    ...versions.map((v) => ({
      key: `registered-${v.id}`,
      at: v.createdAt,
      className: 'registered',
      who: v.createdBy,
      why: null,
      flags: [],
      body: (
        <>
          <Link href={versionPath(teamSlug, modelId, v.version)}>v{v.version}</Link> registered{v.run ? ` from run ${v.run.name}` : ''}
        </>
      ),
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  if (items.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  return (
    <ol className="timeline" aria-label="History">
      {items.map((item) => (
        <li key={item.key} className={item.className}>
          {item.body}{' '}
          {item.flags.map((flag) => (
            <span key={flag} className={`badge ${flag === 'automatic' ? 'stage-none' : 'flag'}`}>
              {flag}
            </span>
          ))}
          <span className="when">
            {' '}
            by {personLabel(item.who)} · <time dateTime={item.at} title={new Date(item.at).toLocaleString()}>{timeAgo(item.at)}</time>
          </span>
          {item.why && <span className="why">“{item.why}”</span>}
        </li>
      ))}
    </ol>
  );
}
