// End-to-end: one production server (built beforehand with `npm run build`) on a fresh embedded
// database, with a known owner. Tests get its address and the owner's sign-in through `inject`.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startAppServer } from "../helpers/app-server";

declare module "vitest" {
  export interface ProvidedContext {
    e2e: { baseUrl: string; databaseUrl: string; ownerEmail: string; ownerPassword: string; dataDir: string };
  }
}

export const OWNER = { email: "owner@e2e.test", password: "e2e-owner-password-1" };

export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, "../..");
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
    throw new Error("End-to-end tests run against the production build: run `npm run build` first.");
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "workflux-e2e-"));
  const server = await startAppServer({
    dataDir,
    env: { ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password },
  });
  const { embeddedDatabaseUrl } = await server.listening;
  project.provide("e2e", {
    baseUrl: server.baseUrl,
    databaseUrl: embeddedDatabaseUrl!,
    ownerEmail: OWNER.email,
    ownerPassword: OWNER.password,
    dataDir,
  });
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
