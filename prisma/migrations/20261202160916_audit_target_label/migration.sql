-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "target_label" TEXT;
