// The token service against the running production server (server.ts's fast path): the public
// guide's Node (axios) and Python (requests) examples run as subprocesses with only the URL
// changed, a real OAuth client library (oauth4webapi) does discovery + client credentials +
// revocation + introspection, tokens verify with jose against the published JWKS, and
// `npm run keys:rotate` rotates and revokes signing keys on the live server.
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import * as oauth from "oauth4webapi";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { queryDatabase } from "../helpers/e2e";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "@/lib/credentials/secret";

const run = promisify(execFile);
const { baseUrl, databaseUrl, dataDir } = inject("e2e");
const root = path.resolve(import.meta.dirname, "../..");
const GUIDE = readFileSync(path.join(root, "public/docs/api-authentication-guide.txt"), "utf8");
const GUIDE_URL = "https://api.workflux.ai/v1/auth/token";
const tokenUrl = `${baseUrl}/v1/auth/token`;

const sql = (text: string, values: unknown[] = []) => queryDatabase(databaseUrl, text, values);

type Credential = { clientId: string; clientSecret: string };

async function createCredential(orgId: string, scopes: string[]): Promise<Credential> {
  const clientId = generateClientId();
  const clientSecret = generateClientSecret("production");
  await sql(
    `INSERT INTO api_keys (id, org_id, client_id, name, environment, scopes, secret_hash, secret_hint, updated_at)
     VALUES (gen_random_uuid(), $1, $2, 'e2e', 'production', $3, $4, $5, now())`,
    [orgId, clientId, scopes, hashClientSecret(clientSecret), secretHint(clientSecret)],
  );
  return { clientId, clientSecret };
}

/** The code lines of one "… Example" section of the guide, bullets removed. */
function guideExample(title: string): string[] {
  const start = GUIDE.indexOf(`${title}\n`);
  const lines = GUIDE.slice(start + title.length).split("\n");
  const code: string[] = [];
  for (const line of lines) {
    const match = /^\s*• (.*)$/.exec(line);
    if (match) code.push(match[1]!);
    else if (code.length > 0 && line.trim() !== "") break;
  }
  return code;
}

const jwks = createRemoteJWKSet(new URL(`${baseUrl}/.well-known/jwks.json`));
const verify = (token: string) =>
  jwtVerify(token, jwks, { issuer: baseUrl, audience: `${baseUrl}/v1`, typ: "at+jwt", algorithms: ["ES256"] });

let client: Credential;
let admin: Credential;
let orgId: string;

beforeAll(async () => {
  const org = await sql(
    "INSERT INTO organizations (id, slug, name, plan, updated_at) VALUES (gen_random_uuid(), 'oauth-e2e', 'OAuth E2E', 'professional', now()) RETURNING id",
  );
  orgId = org.rows[0].id as string;
  client = await createCredential(orgId, ["read:agents", "write:agents"]);
  admin = await createCredential(orgId, ["admin"]);
});

describe("the public guide's examples, run as written", () => {
  it("Node.js (axios): the guide's code with only the URL changed gets a token", async () => {
    const code = guideExample("Node.js Example");
    expect(code[0]).toBe("const axios = require('axios');");
    const dir = mkdtempSync(path.join(tmpdir(), "workflux-guide-"));
    const file = path.join(dir, "guide.cjs");
    const source = code.join("\n").replace(GUIDE_URL, tokenUrl);
    writeFileSync(
      file,
      `${source}\ngetAccessToken().then((token) => console.log(token), (error) => { console.error(error.message); process.exit(1); });\n`,
    );
    const { stdout } = await run(process.execPath, [file], {
      env: {
        ...process.env,
        NODE_PATH: path.join(root, "node_modules"),
        WORKFLUX_CLIENT_ID: client.clientId,
        WORKFLUX_CLIENT_SECRET: client.clientSecret,
      },
    });
    const { payload } = await verify(stdout.trim());
    expect(payload.client_id).toBe(client.clientId);
  });

  it("Python (requests): the guide's statements, indented as Python requires, get a token", async () => {
    const code = guideExample("Python Example");
    expect(code[0]).toBe("import requests");
    // The guide's bullets lose indentation and its snippet uses `os` without importing it.
    const indent = (line: string, i: number) =>
      i <= 1 ? line : /^(response = |\)$|return )/.test(line) ? `    ${line}` : `        ${line}`;
    const body = code.map(indent).join("\n").replace(GUIDE_URL, tokenUrl);
    const script = `import os\n${body}\nprint(get_access_token())\n`;
    for (const line of code) expect(script).toContain(line.replace(GUIDE_URL, tokenUrl));
    const dir = mkdtempSync(path.join(tmpdir(), "workflux-guide-"));
    const file = path.join(dir, "guide.py");
    writeFileSync(file, script);
    const python = ["python3", "/usr/bin/python3"].find(
      (bin) => spawnSync(bin, ["-c", "import requests"]).status === 0,
    );
    if (!python) throw new Error("No python3 with `requests`: apt-get install -y python3-requests (.ci/run does)");
    const { stdout } = await run(python, [file], {
      env: { ...process.env, WORKFLUX_CLIENT_ID: client.clientId, WORKFLUX_CLIENT_SECRET: client.clientSecret },
    });
    const { payload } = await verify(stdout.trim());
    expect(payload).toMatchObject({
      sub: client.clientId,
      scope: "read:agents write:agents",
      org_id: orgId,
      environment: "production",
    });
  });
});

describe("a real OAuth client library (oauth4webapi)", () => {
  const insecure = { [oauth.allowInsecureRequests]: true };

  async function discover() {
    const issuer = new URL(baseUrl);
    const response = await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure });
    return oauth.processDiscoveryResponse(issuer, response);
  }

  it("discovers the server and runs the client credentials grant with client_secret_basic and _post", async () => {
    const as = await discover();
    expect(as.token_endpoint).toBe(tokenUrl);
    expect(as.response_types_supported).toEqual([]);
    for (const auth of [oauth.ClientSecretBasic(client.clientSecret), oauth.ClientSecretPost(client.clientSecret)]) {
      const response = await oauth.clientCredentialsGrantRequest(
        as,
        { client_id: client.clientId },
        auth,
        new URLSearchParams({ scope: "read:agents" }),
        insecure,
      );
      const result = await oauth.processClientCredentialsResponse(as, { client_id: client.clientId }, response);
      expect(result).toMatchObject({ token_type: "bearer", expires_in: 3600, scope: "read:agents" });
      const { payload, protectedHeader } = await verify(result.access_token);
      expect(protectedHeader).toMatchObject({ alg: "ES256", typ: "at+jwt" });
      expect(payload.scope).toBe("read:agents");
    }
  });

  it("introspects as an admin of the organization, then revokes as the token's own client", async () => {
    const as = await discover();
    const grant = await oauth.clientCredentialsGrantRequest(
      as,
      { client_id: client.clientId },
      oauth.ClientSecretBasic(client.clientSecret),
      new URLSearchParams(),
      insecure,
    );
    const { access_token: token } = await oauth.processClientCredentialsResponse(
      as,
      { client_id: client.clientId },
      grant,
    );
    const introspect = async () =>
      oauth.processIntrospectionResponse(
        as,
        { client_id: admin.clientId },
        await oauth.introspectionRequest(
          as,
          { client_id: admin.clientId },
          oauth.ClientSecretBasic(admin.clientSecret),
          token,
          insecure,
        ),
      );
    expect(await introspect()).toMatchObject({ active: true, client_id: client.clientId });
    const revoked = await oauth.revocationRequest(
      as,
      { client_id: client.clientId },
      oauth.ClientSecretPost(client.clientSecret),
      token,
      insecure,
    );
    await oauth.processRevocationResponse(revoked);
    expect(await introspect()).toEqual({ active: false });
  });
});

describe("HTTP behaviour of the fast path", () => {
  it("answers with no-store, security headers and RateLimit headers; JWKS is cacheable for ≤ 5 minutes", async () => {
    const res = await fetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        grant_type: "client_credentials",
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("pragma")).toBe("no-cache");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-powered-by")).toBeNull();
    expect(res.headers.get("ratelimit-limit")).toBe("600"); // professional plan
    const keys = await fetch(`${baseUrl}/.well-known/jwks.json`);
    expect(keys.headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("refuses a huge body and malformed input with 400, never 5xx, and one identical invalid_client", async () => {
    const huge = await fetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "a=".padEnd(100_000, "b"),
    });
    expect(huge.status).toBe(400);
    for (const body of ['{"grant_type":["client_credentials"]}', "{", '{"a":1}', "\u0000"]) {
      const res = await fetch(tokenUrl, { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(res.status).toBe(400);
    }
    const answers = new Set<string>();
    for (const [id, secret] of [
      [client.clientId, generateClientSecret("production")],
      [generateClientId(), client.clientSecret],
    ] as const) {
      const res = await fetch(tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: id, client_secret: secret }),
      });
      // Each answer has its own date and request id; everything else is identical.
      const headers = [...res.headers].filter(([name]) => !["date", "x-request-id"].includes(name));
      answers.add(JSON.stringify([res.status, headers, await res.text()]));
    }
    expect(answers.size).toBe(1);
    const trace = await fetch(tokenUrl, { method: "DELETE" });
    expect(trace.status).toBe(405);
    expect(trace.headers.get("allow")).toBe("POST");
  });

  it("leaves every other path to Next.js", async () => {
    const page = await fetch(`${baseUrl}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect((await fetch(`${baseUrl}/v1/auth/unknown`, { method: "POST" })).status).toBe(404);
  });
});

describe("npm run keys:rotate against the running server", () => {
  const rotate = (...args: string[]) =>
    run("npx", ["tsx", "scripts/keys-rotate.ts", "--database-url", databaseUrl, ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "test" },
    });
  const publishedKids = async () =>
    ((await (await fetch(`${baseUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map(
      (k) => k.kid,
    );
  const issue = async () => {
    const res = await fetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const introspectActive = async (token: string) => {
    const res = await fetch(`${baseUrl}/v1/auth/introspect`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, client_id: admin.clientId, client_secret: admin.clientSecret }),
    });
    return ((await res.json()) as { active: boolean }).active;
  };

  it("publishes the next key ahead, switches to it, keeps old tokens valid, and an emergency revoke kills them", async () => {
    const oldToken = await issue();
    const oldKid = decodeProtectedHeader(oldToken).kid!;
    const published = await rotate();
    const nextKid = /Published next key (\S+)\./.exec(published.stdout)?.[1];
    expect(nextKid).toBeTruthy();
    await expect.poll(publishedKids, { timeout: 3000 }).toContain(nextKid);
    expect(decodeProtectedHeader(await issue()).kid).toBe(oldKid);

    await rotate("--force");
    await expect.poll(async () => decodeProtectedHeader(await issue()).kid, { timeout: 3000 }).toBe(nextKid);
    expect(await publishedKids()).toContain(oldKid);
    await verify(oldToken);
    expect(await introspectActive(oldToken)).toBe(true);

    // Timing is measured by bench/, not asserted here: the poll only bounds how long we wait.
    await rotate("--revoke", oldKid);
    await expect.poll(() => introspectActive(oldToken), { timeout: 3000, interval: 100 }).toBe(false);
    expect(await publishedKids()).not.toContain(oldKid);
    expect(await introspectActive(await issue())).toBe(true);
  });
});
