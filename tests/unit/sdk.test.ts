// The SDK against a fake API (the outside world): token caching, refresh before expiry, one shared
// refresh for concurrent callers, one retry on 401.
import { describe, expect, it } from "vitest";
import { WorkfluxAuthError, WorkfluxClient } from "@/lib/sdk/workflux-client";

function fakeApi(opts: { rejectTokens?: Set<string> } = {}) {
  let issued = 0;
  const calls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push(url);
    if (url.endsWith("/v1/auth/token")) {
      const body = JSON.parse(String(init?.body));
      if (body.client_secret !== "secret") {
        return Response.json(
          { error: "invalid_client", error_description: "Client authentication failed" },
          { status: 401 },
        );
      }
      await new Promise((r) => setTimeout(r, 5));
      issued += 1;
      return Response.json({
        access_token: `token-${issued}`,
        token_type: "Bearer",
        expires_in: 3600,
        scope: "read:agents",
      });
    }
    const token = new Headers(init?.headers).get("authorization")?.replace("Bearer ", "") ?? "";
    if (opts.rejectTokens?.has(token)) return new Response(null, { status: 401 });
    return Response.json({ token });
  }) as typeof fetch;
  return { fetchImpl, calls, issued: () => issued };
}

describe("WorkfluxClient", () => {
  it("caches the token and refreshes it shortly before it expires", async () => {
    const api = fakeApi();
    let now = 0;
    const client = new WorkfluxClient({
      baseUrl: "http://api.test/",
      clientId: "id",
      clientSecret: "secret",
      fetch: api.fetchImpl,
      now: () => now,
    });
    expect(await client.getAccessToken()).toBe("token-1");
    now = 3_500_000;
    expect(await client.getAccessToken()).toBe("token-1");
    now = 3_541_000; // inside the 60 s margin
    expect(await client.getAccessToken()).toBe("token-2");
  });

  it("concurrent callers share one in-flight token request", async () => {
    const api = fakeApi();
    const client = new WorkfluxClient({
      baseUrl: "http://api.test",
      clientId: "id",
      clientSecret: "secret",
      fetch: api.fetchImpl,
    });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => client.getAccessToken()));
    expect(new Set(tokens)).toEqual(new Set(["token-1"]));
    expect(api.issued()).toBe(1);
  });

  it("retries once with a new token when the API answers 401", async () => {
    const api = fakeApi({ rejectTokens: new Set(["token-1"]) });
    const client = new WorkfluxClient({
      baseUrl: "http://api.test",
      clientId: "id",
      clientSecret: "secret",
      fetch: api.fetchImpl,
    });
    const response = await client.request("/v1/agents");
    expect(await response.json()).toEqual({ token: "token-2" });
  });

  it("gives up after one retry instead of looping", async () => {
    const api = fakeApi({ rejectTokens: new Set(["token-1", "token-2", "token-3"]) });
    const client = new WorkfluxClient({
      baseUrl: "http://api.test",
      clientId: "id",
      clientSecret: "secret",
      fetch: api.fetchImpl,
    });
    expect((await client.request("/v1/agents")).status).toBe(401);
    expect(api.issued()).toBe(2);
  });

  it("surfaces the RFC 6749 error of a failed token request", async () => {
    const api = fakeApi();
    const client = new WorkfluxClient({
      baseUrl: "http://api.test",
      clientId: "id",
      clientSecret: "wrong",
      fetch: api.fetchImpl,
    });
    await expect(client.getAccessToken()).rejects.toEqual(
      new WorkfluxAuthError(401, "invalid_client", "Client authentication failed"),
    );
  });
});
