// What `npm start` and `npm run dev` must do before the server can start on this checkout: generate
// the Prisma client when it is missing or older than the schema, and (for `npm start`) build when
// there is no build or a source file is newer than it. Plain JavaScript: it runs before anything
// that needs the generated client or a TypeScript loader.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** What the build is made of: a change to any of these makes a build out of date. */
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "tsconfig.build.json",
  "package-lock.json",
  "prisma/schema.prisma",
];
const SKIPPED_DIRS = new Set(["node_modules", "generated"]);

const mtimeOf = (file) => (existsSync(file) ? statSync(file).mtimeMs : undefined);

/** The newest modification time under `target` (a file or a directory), 0 when absent. */
function newestUnder(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIPPED_DIRS.has(entry.name)) continue;
    newest = Math.max(newest, newestUnder(path.join(target, entry.name)));
  }
  return newest;
}

/** Why the Prisma client must be generated first, or null when it is current. */
export function clientNeeded(root) {
  const client = mtimeOf(path.join(root, "lib/db/generated/client.ts"));
  if (client === undefined) return "The database client has not been generated yet.";
  const schema = mtimeOf(path.join(root, "prisma/schema.prisma")) ?? 0;
  return schema > client ? "The database schema changed since the client was generated." : null;
}

/** Why the app must be built before `npm start`, or null when the build is current. */
export function buildNeeded(root) {
  const built = mtimeOf(path.join(root, ".next/BUILD_ID"));
  if (built === undefined) return "There is no build yet.";
  const changed = BUILD_INPUTS.find((input) => newestUnder(path.join(root, input)) > built);
  return changed ? `${changed} changed since the last build.` : null;
}
