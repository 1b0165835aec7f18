-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "second_factor_pending" BOOLEAN NOT NULL DEFAULT false;
