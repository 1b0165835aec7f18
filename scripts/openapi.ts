// `npm run openapi [-- path]`: writes the OpenAPI 3.1 document (what GET /openapi.json serves) to
// ./openapi.json or the given path, for SDK generation and diffs. Servers URL: APP_URL (default
// http://localhost:3000). Touches no database.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "../lib/env";
import { openApiJson } from "../lib/openapi/document";

const target = path.resolve(process.argv[2] ?? "openapi.json");
const { APP_URL } = parseEnv({ APP_URL: process.env.APP_URL });
writeFileSync(target, `${openApiJson(APP_URL)}\n`);
console.log(`Wrote ${path.relative(process.cwd(), target) || target} (servers: ${APP_URL})`);
