// Prisma CLI configuration. Migrations are applied by scripts/db (the wasm schema engine), so the
// CLI here only generates the client; the URL is for `prisma studio` and connected machines.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/workflux" },
});
