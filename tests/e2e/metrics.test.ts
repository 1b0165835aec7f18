// GET /metrics on the running server: route-pattern labels, token outcomes, no raw ids.
import { describe, expect, inject, it } from "vitest";

const { baseUrl } = inject("e2e");

describe("Prometheus metrics", () => {
  it("counts requests by route pattern and OAuth outcomes, without raw paths or ids", async () => {
    await fetch(`${baseUrl}/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: "wfc_unknown", client_secret: "nope", grant_type: "client_credentials" }),
    });
    await fetch(`${baseUrl}/v1/agents/0198c7a2-0000-7000-8000-000000000000`);
    // A request is counted when its response has finished on the server, which under Next (the
    // portable door) can be just after the client has read it.
    const scrape = async () => (await fetch(`${baseUrl}/metrics`)).text();
    await expect.poll(scrape).toMatch(/http_requests_total\{route="\/v1\/agents\/:id"/);
    const res = await fetch(`${baseUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/http_requests_total\{route="\/v1\/auth\/token",method="POST",status="401"\} \d+/);
    expect(text).toMatch(/http_requests_total\{route="\/v1\/agents\/:id",method="GET",status="401"\} \d+/);
    expect(text).toMatch(/oauth_requests_total\{endpoint="token",outcome="failure",reason="[a-z_]+"\} \d+/);
    expect(text).toMatch(/api_refusals_total\{status="401"\} \d+/);
    expect(text).not.toContain("0198c7a2");
    expect(text).not.toContain("wfc_unknown");
  });
});
