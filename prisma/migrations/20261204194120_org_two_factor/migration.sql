-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "require_two_factor" BOOLEAN NOT NULL DEFAULT false;
