// What callers may see of a token row: everything but its hash.
import type { Prisma } from '../db/generated/client.ts';

export const apiTokenViewSelect = {
  id: true,
  teamId: true,
  userId: true,
  name: true,
  scope: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} satisfies Prisma.ApiTokenSelect;

export type ApiTokenView = Prisma.ApiTokenGetPayload<{ select: typeof apiTokenViewSelect }>;
