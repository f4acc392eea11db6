-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'REQUEST_APPROVED';
ALTER TYPE "NotificationKind" ADD VALUE 'REQUEST_REJECTED';

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "request_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "notifications_request_id_user_id_kind_key" ON "notifications"("request_id", "user_id", "kind");

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "model_transition_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;
