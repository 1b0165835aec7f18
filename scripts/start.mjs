// `npm start` and `npm run dev` (`--dev`): a fresh clone needs only `npm ci` first. Generates the
// database client and, for `npm start`, builds the app when there is no current build, saying so,
// then runs server.ts in this same process (signals reach the server directly).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildNeeded, clientNeeded } from "./start-checks.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");

function run(script) {
  const result = spawnSync("npm", ["run", "--silent", script], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`WorkFlux failed to start: npm run ${script} failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}

const staleClient = clientNeeded(root);
const staleBuild = dev ? null : buildNeeded(root);
if (staleBuild) {
  // The build generates the client itself.
  console.log(`${staleBuild} Building first with \`npm run build\` (a few minutes)…`);
  run("build");
} else if (staleClient) {
  console.log(`${staleClient} Generating it with \`npm run db:generate\`…`);
  run("db:generate");
}

const { register } = await import("tsx/esm/api");
register();
await import("../server.ts");
