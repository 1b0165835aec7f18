// API keys made directly in the database (with their one-time secret kept for the test), and
// access tokens issued for them through the real token endpoint.
import { expect } from "vitest";
import { POST as tokenPOST } from "@/app/v1/[...path]/route";
import { EDGE_HEADER, stampedClientIp } from "@/lib/http/client-ip";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "@/lib/credentials/secret";
import { getDb } from "@/lib/db/client";
import type { Environment } from "@/lib/db/generated/enums";

/** The APP_URL of the integration tests' runtime (tests/helpers/test-runtime.ts). */
export const TEST_BASE_URL = "http://localhost:3000";

export async function createKey(
  orgId: string,
  options: { scopes?: string[]; environment?: Environment; expiresAt?: Date } = {},
) {
  const environment = options.environment ?? "production";
  const clientSecret = generateClientSecret(environment);
  const key = await getDb().apiKey.create({
    data: {
      orgId,
      clientId: generateClientId(),
      name: "test key",
      environment,
      scopes: options.scopes ?? ["read:agents", "write:agents"],
      secretHash: new Uint8Array(hashClientSecret(clientSecret)),
      secretHint: secretHint(clientSecret),
      expiresAt: options.expiresAt ?? null,
    },
  });
  return { ...key, clientSecret };
}

export type TestKey = Awaited<ReturnType<typeof createKey>>;

export const postForm = (
  handler: (r: Request) => Promise<Response>,
  path: string,
  body: Record<string, string>,
  headers: Record<string, string> = {},
) =>
  handler(
    new Request(`${TEST_BASE_URL}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        [EDGE_HEADER]: stampedClientIp("192.0.2.10"),
        ...headers,
      },
      body: new URLSearchParams(body).toString(),
    }),
  );

export async function issueToken(key: TestKey, extra: Record<string, string> = {}): Promise<string> {
  const res = await postForm(tokenPOST, "/v1/auth/token", {
    grant_type: "client_credentials",
    client_id: key.clientId,
    client_secret: key.clientSecret,
    ...extra,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}
