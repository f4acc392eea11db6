// The parent objects GraphQL resolvers receive (codegen mappers, see codegen.ts): the
// shapes use cases return, kept minimal so a resolver only relies on what it reads.
import type { InvitationState, TeamRole, TokenScope } from './generated/resolvers-types.ts';
import type { InvitationPreview } from '../lib/teams/preview-invitation.ts';
import type { ProjectView } from '../lib/tracking/projects/project-view.ts';
import type { RunInfoView } from '../lib/tracking/runs/run-view.ts';
import type { RegistryProtectionView } from '../lib/registry/list-registry-protections.ts';
import type { TransitionView } from '../lib/registry/model-history.ts';
import type { ModelAliasView, ModelVersionView, RegisteredModelView } from '../lib/registry/registry-view.ts';
import type { TransitionRequestView } from '../lib/registry/transition-request-view.ts';
import type { CommentThread, CommentView } from '../lib/comments/comment-view.ts';
import type { ComparisonView } from '../lib/comparisons/comparison-view.ts';
import type { NotificationView } from '../lib/notifications/notification-view.ts';
import type { ShareLinkView } from '../lib/sharing/share-link-view.ts';
import type { ShareTargetRef } from '../lib/authz/index.ts';
import type { DatasetView } from '../lib/tracking/datasets/list-run-inputs.ts';

export type UserModel = { id: string; email: string; name: string | null };

export type ViewerModel = UserModel & { isInstanceAdmin: boolean };

export type TeamModel = { id: string; slug: string; name: string; createdAt: Date };

export type TeamMembershipModel = { role: TeamRole; team: TeamModel };

/** A membership row; `user` when the use case already joined it. */
export type MemberModel = { teamId: string; userId: string; role: TeamRole; createdAt: Date; user?: UserModel | null };

export type InvitationModel = {
  id: string;
  teamId: string;
  email: string | null;
  role: TeamRole;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  invitedById: string | null;
  state?: InvitationState;
};

/** What previewInvitation returns, as is (the use case owns the shape). */
export type InvitationPreviewModel = InvitationPreview;

export type ApiTokenModel = {
  id: string;
  teamId: string;
  userId: string;
  name: string;
  scope: TokenScope;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

export type ProjectModel = ProjectView;

/** Run info; data (params, tags, metrics, ...) comes through the request's loaders. */
export type RunModel = RunInfoView;

/** compareRuns' answer; `histories` is resolved from it (the runs and their metrics' latest steps). */
export type RunComparisonModel = {
  runs: RunModel[];
  params: { key: string; values: (string | null)[]; differs: boolean }[];
  metrics: { key: string; values: (number | null)[]; steps: (bigint | null)[] }[];
  differingParamKeys: string[];
};

export type ArtifactModel = { runId: string; path: string; size: bigint; sha256: string; contentType: string | null; createdAt: Date };

export type MetricSeriesModel = { runId: string; key: string; points: MetricPointModel[]; downsampled: boolean };

export type MetricPointModel = { step: bigint | number | string; timestamp: bigint | number | string; value: number };

export type RegisteredModelModel = RegisteredModelView;

export type ModelVersionModel = ModelVersionView;

/** An alias with the model's team (whether it is protected is the team's setting). */
export type ModelAliasModel = ModelAliasView & { teamId: string };

export type ModelTransitionModel = TransitionView;

export type ModelTransitionRequestModel = TransitionRequestView;

export type RegistryProtectionModel = RegistryProtectionView;
export type CommentModel = CommentView;
export type CommentThreadModel = CommentThread;
export type ComparisonModel = ComparisonView;
export type ShareLinkModel = ShareLinkView;
export type NotificationModel = NotificationView;
/** What the request's share link names (Query.shared). */
export type SharedItemModel = {
  targetType: ShareTargetRef['type'];
  targetId: string;
  includeComments: boolean;
  allowArtifacts: boolean;
};
/** An audit event as listAuditEvents returns it. */
export type { AuditEventView as AuditEventModel } from '../lib/audit/list-audit-events.ts';

/** Retention: the shapes lib/retention returns. */
export type { RetentionPolicyView as RetentionPolicyModel } from '../lib/retention/get-retention-policy.ts';
export type { RetentionPlan as RetentionPreviewModel, PlannedRun as RetentionRunModel } from '../lib/retention/plan-retention.ts';

/** Lineage: the shapes lib/lineage returns. A dataset from a run's inputs has no team; loaders add it. */
export type DatasetModel = DatasetView & {
  teamId?: string;
  location?: string | null;
  facets?: Record<string, unknown> | null;
  createdAt?: Date;
};
export type LineageNodeModel = import('../lib/lineage/traverse-lineage.ts').LineageNodeView;
/** A crossed edge and its traversal's team (its details load on demand). */
export type LineageEdgeModel = import('../lib/lineage/walk-lineage.ts').Hop & { teamId: string; details?: import('../lib/lineage/edge-details.ts').EdgeDetails };
export type LineageGraphModel = import('../lib/lineage/traverse-lineage.ts').LineageGraphView;
export type LineageJobModel = {
  id: string;
  teamId: string;
  namespace: string;
  name: string;
  facets: unknown;
  lastRunId: string | null;
  lastEventType: string | null;
  lastEventTime: Date | null;
};
export type TrainingDataModel = import('../lib/lineage/list-training-data.ts').TrainingDataView;
export type DatasetDigestModel = import('../lib/lineage/dataset-usage.ts').DigestUsage;
export type DownstreamModelVersionModel = { versionId: string; depth: number };
export type PredictionAuditModel = import('../lib/lineage/audit-prediction.ts').PredictionAuditView;
export type ReproducibilityReportModel = import('../lib/lineage/reproducibility-report.ts').ReproReport;
