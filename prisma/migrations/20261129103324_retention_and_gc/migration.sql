-- CreateEnum
CREATE TYPE "MetricGoal" AS ENUM ('MAX', 'MIN');

-- CreateTable
CREATE TABLE "retention_policies" (
    "project_id" BIGINT NOT NULL,
    "keep_top_n" INTEGER NOT NULL,
    "metric_key" TEXT,
    "metric_goal" "MetricGoal" NOT NULL DEFAULT 'MAX',
    "purge_after_days" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "updated_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "retention_policies_pkey" PRIMARY KEY ("project_id")
);

-- CreateTable
CREATE TABLE "artifact_purges" (
    "id" BIGSERIAL NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "team_id" TEXT,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "not_before" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "artifact_purges_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "artifact_purges_not_before_idx" ON "artifact_purges"("not_before");

-- AddForeignKey
ALTER TABLE "retention_policies" ADD CONSTRAINT "retention_policies_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
