// Team roles as the GraphQL API names them, in order of power.
export const ROLES = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'] as const;
export type Role = (typeof ROLES)[number];
export const roleLabel = (role: string) => role.charAt(0) + role.slice(1).toLowerCase();
