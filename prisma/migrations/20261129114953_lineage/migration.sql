-- CreateEnum
CREATE TYPE "LineageNodeKind" AS ENUM ('DATASET', 'RUN', 'LOGGED_MODEL', 'MODEL_VERSION', 'JOB');

-- CreateEnum
CREATE TYPE "LineageEdgeKind" AS ENUM ('INPUT', 'OUTPUT', 'MODEL_INPUT', 'PRODUCED', 'REGISTERED', 'PARENT', 'DERIVED', 'FINE_TUNED', 'VERSION');

-- CreateEnum
CREATE TYPE "LineageOrigin" AS ENUM ('MLFLOW', 'TAG', 'GRAPHQL', 'OPENLINEAGE');

-- DropIndex
DROP INDEX "lineage_edges_team_id_to_type_to_id_idx";

-- DropIndex
DROP INDEX "lineage_edges_team_id_from_type_from_id_to_type_to_id_relat_key";

-- AlterTable
ALTER TABLE "datasets" ADD COLUMN     "facets" JSONB,
ADD COLUMN     "location" TEXT;

-- AlterTable
ALTER TABLE "lineage_edges" DROP CONSTRAINT "lineage_edges_pkey",
DROP COLUMN "from_id",
DROP COLUMN "from_type",
DROP COLUMN "relation",
DROP COLUMN "to_id",
DROP COLUMN "to_type",
ADD COLUMN     "from_node" TEXT NOT NULL,
ADD COLUMN     "kind" "LineageEdgeKind" NOT NULL,
ADD COLUMN     "origin" "LineageOrigin" NOT NULL,
ADD COLUMN     "tag_run_id" CHAR(32),
ADD COLUMN     "to_node" TEXT NOT NULL,
DROP COLUMN "id",
ADD COLUMN     "id" BIGSERIAL NOT NULL,
ADD CONSTRAINT "lineage_edges_pkey" PRIMARY KEY ("id");

-- DropEnum
DROP TYPE "LineageNodeType";

-- CreateTable
CREATE TABLE "lineage_jobs" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "facets" JSONB NOT NULL DEFAULT '{}',
    "last_run_id" TEXT,
    "last_event_type" TEXT,
    "last_event_time" TIMESTAMP(3),
    "last_reporter_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "lineage_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "openlineage_events" (
    "id" BIGSERIAL NOT NULL,
    "team_id" TEXT NOT NULL,
    "event_kind" TEXT NOT NULL,
    "event_type" TEXT,
    "event_time" TIMESTAMPTZ(6) NOT NULL,
    "run_id" TEXT,
    "job_id" TEXT,
    "producer" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_by_id" TEXT,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "openlineage_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "lineage_jobs_team_id_namespace_name_key" ON "lineage_jobs"("team_id", "namespace", "name");

-- CreateIndex
CREATE INDEX "openlineage_events_job_id_event_time_idx" ON "openlineage_events"("job_id", "event_time");

-- CreateIndex
CREATE UNIQUE INDEX "openlineage_events_team_id_run_id_event_time_event_type_key" ON "openlineage_events"("team_id", "run_id", "event_time", "event_type");

-- CreateIndex
CREATE INDEX "datasets_team_id_location_idx" ON "datasets"("team_id", "location");

-- CreateIndex
CREATE INDEX "lineage_edges_team_id_to_node_from_node_kind_idx" ON "lineage_edges"("team_id", "to_node", "from_node", "kind");

-- CreateIndex
CREATE INDEX "lineage_edges_tag_run_id_idx" ON "lineage_edges"("tag_run_id");

-- CreateIndex
CREATE UNIQUE INDEX "lineage_edges_team_id_from_node_to_node_kind_key" ON "lineage_edges"("team_id", "from_node", "to_node", "kind");

-- AddForeignKey
ALTER TABLE "lineage_jobs" ADD CONSTRAINT "lineage_jobs_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "openlineage_events" ADD CONSTRAINT "openlineage_events_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "openlineage_events" ADD CONSTRAINT "openlineage_events_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "lineage_jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
