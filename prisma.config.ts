// Prisma CLI configuration. Prisma 7's native schema engine cannot be downloaded
// on every machine; `generate`, `validate` and `format` only need *a* file at
// PRISMA_SCHEMA_ENGINE_BINARY, so point at a stub unless a real engine is set.
// Migrations are applied by scripts/migrate.ts (compatible with `prisma migrate deploy`).
import path from 'node:path';
import { defineConfig } from 'prisma/config';

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, 'prisma', 'engine-stub');

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/cairn' },
});
