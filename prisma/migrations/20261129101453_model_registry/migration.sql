-- CreateEnum
CREATE TYPE "TransitionRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RegistryProtectionKind" AS ENUM ('STAGE', 'ALIAS');

-- AlterTable
ALTER TABLE "logged_models" ADD COLUMN     "deleted_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "deleted_at" TIMESTAMP(3),
ADD COLUMN     "logged_model_id" TEXT,
ADD COLUMN     "storage_location" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "model_version_transitions" ADD COLUMN     "automatic" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "model_id" TEXT NOT NULL,
ADD COLUMN     "previous_version_id" TEXT,
ADD COLUMN     "request_id" TEXT,
ADD COLUMN     "rollback" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "model_transition_requests" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "kind" "TransitionKind" NOT NULL,
    "to_stage" "ModelStage",
    "alias" TEXT,
    "archive_existing_versions" BOOLEAN NOT NULL DEFAULT false,
    "rollback" BOOLEAN NOT NULL DEFAULT false,
    "status" "TransitionRequestStatus" NOT NULL DEFAULT 'PENDING',
    "comment" TEXT,
    "requested_by_id" TEXT,
    "decided_by_id" TEXT,
    "decided_at" TIMESTAMP(3),
    "decision_comment" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "model_transition_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registry_protections" (
    "team_id" TEXT NOT NULL,
    "kind" "RegistryProtectionKind" NOT NULL,
    "name" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registry_protections_pkey" PRIMARY KEY ("team_id","kind","name")
);

-- CreateIndex
CREATE INDEX "model_transition_requests_team_id_status_created_at_idx" ON "model_transition_requests"("team_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "model_transition_requests_model_id_status_created_at_idx" ON "model_transition_requests"("model_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "model_versions_logged_model_id_idx" ON "model_versions"("logged_model_id");

-- CreateIndex
CREATE INDEX "model_version_transitions_model_id_created_at_idx" ON "model_version_transitions"("model_id", "created_at");

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_logged_model_id_fkey" FOREIGN KEY ("logged_model_id") REFERENCES "logged_models"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_version_transitions" ADD CONSTRAINT "model_version_transitions_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_version_transitions" ADD CONSTRAINT "model_version_transitions_previous_version_id_fkey" FOREIGN KEY ("previous_version_id") REFERENCES "model_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_version_transitions" ADD CONSTRAINT "model_version_transitions_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "model_transition_requests"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_transition_requests" ADD CONSTRAINT "model_transition_requests_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_transition_requests" ADD CONSTRAINT "model_transition_requests_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_transition_requests" ADD CONSTRAINT "model_transition_requests_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_transition_requests" ADD CONSTRAINT "model_transition_requests_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_transition_requests" ADD CONSTRAINT "model_transition_requests_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registry_protections" ADD CONSTRAINT "registry_protections_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registry_protections" ADD CONSTRAINT "registry_protections_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
