-- CreateTable
CREATE TABLE "metric_buckets" (
    "run_id" CHAR(32) NOT NULL,
    "key" TEXT NOT NULL,
    "shift" SMALLINT NOT NULL,
    "bucket" BIGINT NOT NULL,
    "count" BIGINT NOT NULL,
    "min_value" DOUBLE PRECISION,
    "min_step" BIGINT,
    "min_timestamp" BIGINT,
    "max_value" DOUBLE PRECISION,
    "max_step" BIGINT,
    "max_timestamp" BIGINT,
    "last_step" BIGINT NOT NULL,
    "last_timestamp" BIGINT NOT NULL,
    "last_value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "metric_buckets_pkey" PRIMARY KEY ("run_id","key","shift","bucket")
);

-- AddForeignKey
ALTER TABLE "metric_buckets" ADD CONSTRAINT "metric_buckets_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
