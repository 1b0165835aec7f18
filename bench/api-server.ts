// Benchmark server for bench/api.mjs (not part of the app). One process, one embedded database,
// two routes answered by the same fast-path adapter the production server uses:
//   /v1/agents           → dispatchApiRequest: the full guard (token verify, cached key state,
//                          jti denylist, scopes, plan limit, usage bookkeeping), then listAgents
//   /baseline/v1/agents  → listAgents for the same principal, the guard skipped
// so the difference between the two is exactly what the guard costs.
// Usage: node --import tsx bench/api-server.ts PORT DATA_DIR ; prints `ready <token>` when up.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";

const [portArg, dataDir] = process.argv.slice(2);
const port = Number(portArg);
process.env.APP_URL = `http://127.0.0.1:${port}`;
process.env.SIGNING_KEY_ENCRYPTION_KEY = randomBytes(32).toString("base64");
process.env.LOG_LEVEL = "warn";
delete process.env.DATABASE_URL;

const { startEmbeddedPostgres } = await import("../lib/db/embedded");
const embedded = await startEmbeddedPostgres({ dataDir: `${dataDir}/pglite` });
process.env.WORKFLUX_EMBEDDED_DATABASE_URL = embedded.url;
const { applyMigrations } = await import("../lib/db/schema-engine");
await applyMigrations(embedded.url);

const { getDb } = await import("../lib/db/client");
const { generateClientId, generateClientSecret, hashClientSecret, secretHint } =
  await import("../lib/credentials/secret");
const db = getDb();
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

const { getApiContext } = await import("../lib/api/api-context");
const { apiFastPathHandler } = await import("../lib/api/router");
const { serveFastPath } = await import("../lib/oauth/node-adapter");
const { handleTokenRequest } = await import("../lib/oauth/token-endpoint");
const { jsonResponse } = await import("../lib/oauth/oauth-response");
const { listAgents } = await import("../lib/agents/agents");
const { PageQuery } = await import("../lib/pagination/id-cursor");
const { getSigningKeyStore } = await import("../lib/signing-keys/signing-key-store");
const { getRevocationList } = await import("../lib/tokens/revocation-list");
const { apiSecurityHeaders } = await import("../lib/oauth/security-headers");

await getSigningKeyStore().ready();
await getRevocationList().ready();
const ctx = await getApiContext();
const issued = await handleTokenRequest({
  method: "POST",
  query: "",
  contentType: "application/json",
  authorization: null,
  body: Buffer.from(
    JSON.stringify({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
  ),
  clientIp: "127.0.0.1",
});
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
const baseline = async () => jsonResponse(200, await listAgents(principal, PageQuery.parse({})));
const headers = apiSecurityHeaders(false);

const server = createServer((req, res) => {
  const handler = req.url?.startsWith("/baseline/") ? baseline : apiFastPathHandler(req.url, ctx);
  if (!handler) {
    res.writeHead(404).end();
    return;
  }
  void serveFastPath(handler, req, res, headers);
});
server.listen(port, "127.0.0.1", () => process.stdout.write(`ready ${token}\n`));

const stop = async () => {
  server.close();
  server.closeAllConnections();
  const { disconnectDb } = await import("../lib/db/client");
  await disconnectDb().catch(() => {});
  await embedded.stop();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
