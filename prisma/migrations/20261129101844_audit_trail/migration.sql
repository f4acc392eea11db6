-- DropForeignKey
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_team_id_fkey";

-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "actor_email" TEXT;

-- CreateIndex
CREATE INDEX "audit_events_team_id_action_idx" ON "audit_events"("team_id", "action");

-- CreateIndex
CREATE INDEX "audit_events_target_type_target_id_idx" ON "audit_events"("target_type", "target_id");

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE CASCADE;
