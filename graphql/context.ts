// Placeholder: replaced by the GraphQL layer (per-request principal + DataLoaders).
export type GraphQLContext = Record<string, unknown>;
