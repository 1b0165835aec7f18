// GET /openapi.json and the /docs API reference on the production server: content types, caching,
// the allow-listed assets, and Swagger UI rendering under the app's CSP with nothing fetched from
// another origin.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors } from "../helpers/e2e";

const { baseUrl } = inject("e2e");

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("OpenAPI document and API reference", () => {
  it("serves /openapi.json as cacheable JSON, OpenAPI 3.1", async () => {
    const res = await fetch(`${baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const doc = (await res.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.servers).toHaveLength(1);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/auth/token", "/v1/agents", "/v1/agents/{id}"]));
  });

  it("serves /docs as HTML loading only same-origin assets", async () => {
    const res = await fetch(`${baseUrl}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain("/docs/assets/swagger-ui-bundle.js");
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);

    const css = await fetch(`${baseUrl}/docs/assets/swagger-ui.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
    const js = await fetch(`${baseUrl}/docs/assets/swagger-ui-bundle.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
    await js.arrayBuffer();
  });

  it("serves nothing outside the asset allow-list", async () => {
    for (const name of [
      "package.json",
      "..%2Fpackage.json",
      "..%2F..%2Fpackage.json",
      "index.html",
      "swagger-ui.js.map",
      "%2Fetc%2Fpasswd",
    ]) {
      const res = await fetch(`${baseUrl}/docs/assets/${name}`);
      expect(res.status, name).toBe(404);
      await res.arrayBuffer();
    }
  });

  it("renders Swagger UI over the document, with no CSP violation or foreign request", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    collectClientErrors(page, errors);
    const foreign: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith("http") && url.origin !== new URL(baseUrl).origin) foreign.push(request.url());
    });
    await page.goto(`${baseUrl}/docs`);
    await expect.poll(() => page.locator(".swagger-ui .info .title").textContent()).toContain("WorkFlux API");
    await expect.poll(() => page.locator(".opblock").count()).toBeGreaterThanOrEqual(14);
    expect(await page.locator(".opblock-summary-path", { hasText: "/v1/auth/token" }).count()).toBeGreaterThan(0);
    // The OAuth2 client-credentials and bearer schemes behind "Authorize".
    await page
      .getByRole("button", { name: /authorize/i })
      .first()
      .click();
    await expect.poll(() => page.locator(".auth-container").count()).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  });
});
