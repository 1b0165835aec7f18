// Benchmark server for bench/api.mjs (not part of the app). One process, one embedded database,
// two routes answered by the same fast-path adapter the production server uses:
//   /v1/agents           → the route table's GET /v1/agents: the full guard (token verify, cached key state,
//                          jti denylist, scopes, plan limit, usage bookkeeping), then listAgents
//   /baseline/v1/agents  → listAgents for the same principal, the guard skipped
// so the difference between the two is exactly what the guard costs.
// Usage: node --import tsx bench/api-server.ts PORT DATA_DIR ; prints `ready <token>` when up.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { startDatabase } from "../lib/db/start-database";
import { parseEnv } from "../lib/env";
import { serveNode } from "../lib/http/node-adapter";
import type { RequestParts } from "../lib/http/request-parts";
import { responseHeaderList } from "../lib/http/response-headers";
import { startRuntime } from "../lib/runtime/start-runtime";

const [portArg, dataDir] = process.argv.slice(2);
const port = Number(portArg);
const env = parseEnv({
  APP_URL: `http://127.0.0.1:${port}`,
  SIGNING_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  LOG_LEVEL: "warn",
  DATA_DIR: dataDir,
});
const runtime = await startRuntime({ env, database: await startDatabase(env), processMetrics: false });
const { db } = runtime;

const { generateClientId, generateClientSecret, hashClientSecret, secretHint } =
  await import("../lib/credentials/secret");
const org = await db.organization.create({ data: { slug: "bench", name: "Bench", plan: "enterprise" } });
const clientId = generateClientId();
const clientSecret = generateClientSecret("production");
const key = await db.apiKey.create({
  data: {
    orgId: org.id,
    clientId,
    name: "bench",
    environment: "production",
    scopes: ["read:agents"],
    secretHash: new Uint8Array(hashClientSecret(clientSecret)),
    secretHint: secretHint(clientSecret),
  },
});
for (let i = 0; i < 20; i++) {
  await db.agent.create({
    data: { orgId: org.id, environment: "production", name: `agent-${i}`, config: { model: "m", i } },
  });
}

const { handleTokenRequest } = await import("../lib/oauth/token-endpoint");
const { jsonParts } = await import("../lib/http/error-envelope");
const { listAgents } = await import("../lib/agents/agents");
const { PageQuery } = await import("../lib/pagination/id-cursor");

const tokenRequest: RequestParts = {
  method: "POST",
  path: "/v1/auth/token",
  query: "",
  contentType: "application/json",
  authorization: null,
  authorizationCount: 0,
  body: Buffer.from(
    JSON.stringify({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
  ),
  bodyTooLarge: false,
  clientIp: "127.0.0.1",
  peerAddress: "127.0.0.1",
  userAgent: null,
  requestId: "req-test",
};
const issued = await handleTokenRequest(tokenRequest, runtime.oauth);
const token = (JSON.parse(issued.body) as { access_token: string }).access_token;

const principal = {
  kind: "credential" as const,
  orgId: org.id,
  environment: "production" as const,
  credentialId: key.id,
  clientId,
  plan: "enterprise" as const,
  scopes: ["read:agents"],
};
const baseline = async () => jsonParts(200, await listAgents(principal, PageQuery.parse({})));

const server = createServer((req, res) => {
  if (!req.url?.startsWith("/baseline/")) return void serveNode(req, res, runtime);
  void baseline().then((answer) => res.writeHead(200, responseHeaderList(answer, runtime.apiHeaders)).end(answer.body));
});
server.listen(port, "127.0.0.1", () => process.stdout.write(`ready ${token}\n`));

const stop = async () => {
  server.close();
  server.closeAllConnections();
  await runtime.stop();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
