-- CreateTable
CREATE TABLE "project_preferences" (
    "user_id" TEXT NOT NULL,
    "project_id" BIGINT NOT NULL,
    "runs_table" JSONB,
    "chart_panels" JSONB,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_preferences_pkey" PRIMARY KEY ("user_id","project_id")
);

-- CreateIndex
CREATE INDEX "project_preferences_project_id_idx" ON "project_preferences"("project_id");

-- AddForeignKey
ALTER TABLE "project_preferences" ADD CONSTRAINT "project_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_preferences" ADD CONSTRAINT "project_preferences_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
