-- CreateTable
CREATE TABLE "rate_limit_rejections" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_limit_rejections_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "rate_limit_rejections_org_id_day_kind_key" ON "rate_limit_rejections"("org_id", "day", "kind");

-- AddForeignKey
ALTER TABLE "rate_limit_rejections" ADD CONSTRAINT "rate_limit_rejections_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
