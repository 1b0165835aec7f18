// `npm run db:generate`: `prisma generate` without network access.
//
// The CLI insists on a schema engine binary before generating, although generation never runs
// it; any existing file satisfies the check, so we point it at the running Node executable.
// Checkpoint (telemetry) and update checks are switched off because they would dial out.
import { spawnSync } from "node:child_process";
import path from "node:path";

const prismaBin = path.resolve("node_modules/.bin/prisma");
const result = spawnSync(prismaBin, ["generate", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
if (result.error) throw result.error;
process.exitCode = result.status ?? 1;
