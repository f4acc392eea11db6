// Generates TypeScript types for resolvers from the SDL in graphql/schema (`npm run codegen`,
// also run by postinstall). Mappers tell the generated types what parent objects resolvers
// receive: the shapes the use cases return (graphql/mappers.ts), not the GraphQL types.
import type { CodegenConfig } from '@graphql-codegen/cli';

const mapper = (name: string) => `../mappers.ts#${name}`;

const config: CodegenConfig = {
  schema: 'graphql/schema/**/*.graphql',
  generates: {
    'graphql/generated/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: '../context.ts#GraphQLContext',
        useTypeImports: true,
        enumsAsTypes: true,
        // Inputs arrive as graphql-js coerced them; outputs may be any shape the scalar serializes.
        scalars: {
          DateTime: { input: 'Date', output: 'Date | string' },
          BigInt: { input: 'string', output: 'bigint | number | string' },
          JSON: { input: 'unknown', output: 'unknown' },
          MetricValue: { input: 'number', output: 'number' },
        },
        mappers: {
          Viewer: mapper('ViewerModel'),
          TeamMembership: mapper('TeamMembershipModel'),
          Team: mapper('TeamModel'),
          User: mapper('UserModel'),
          Member: mapper('MemberModel'),
          Invitation: mapper('InvitationModel'),
          InvitationPreview: mapper('InvitationPreviewModel'),
          ApiToken: mapper('ApiTokenModel'),
          Project: mapper('ProjectModel'),
          Run: mapper('RunModel'),
          RunComparison: mapper('RunComparisonModel'),
          Artifact: mapper('ArtifactModel'),
          MetricSeries: mapper('MetricSeriesModel'),
          MetricPoint: mapper('MetricPointModel'),
          RegisteredModel: mapper('RegisteredModelModel'),
          ModelVersion: mapper('ModelVersionModel'),
          ModelAlias: mapper('ModelAliasModel'),
          ModelTransition: mapper('ModelTransitionModel'),
          ModelTransitionRequest: mapper('ModelTransitionRequestModel'),
          RegistryProtection: mapper('RegistryProtectionModel'),
          Comment: mapper('CommentModel'),
          CommentThread: mapper('CommentThreadModel'),
          Comparison: mapper('ComparisonModel'),
          ShareLink: mapper('ShareLinkModel'),
          SharedItem: mapper('SharedItemModel'),
          Notification: mapper('NotificationModel'),
          AuditEvent: mapper('AuditEventModel'),
          RetentionPolicy: mapper('RetentionPolicyModel'),
          RetentionPreview: mapper('RetentionPreviewModel'),
          RetentionRun: mapper('RetentionRunModel'),
          Dataset: mapper('DatasetModel'),
          LineageNode: mapper('LineageNodeModel'),
          LineageEdge: mapper('LineageEdgeModel'),
          LineageGraph: mapper('LineageGraphModel'),
          LineageJob: mapper('LineageJobModel'),
          TrainingData: mapper('TrainingDataModel'),
          DatasetDigest: mapper('DatasetDigestModel'),
          DownstreamModelVersion: mapper('DownstreamModelVersionModel'),
          PredictionAudit: mapper('PredictionAuditModel'),
          ReproducibilityReport: mapper('ReproducibilityReportModel'),
        },
      },
    },
  },
};
export default config;
