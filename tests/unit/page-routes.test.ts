// Dashboard requests are labelled by their route pattern in /metrics and the request log.
import { describe, expect, it } from "vitest";
import { PageRouteLabels } from "@/lib/http/page-routes";

const labels = new PageRouteLabels([
  "/",
  "/sign-in",
  "/[orgSlug]",
  "/[orgSlug]/settings",
  "/[orgSlug]/settings/api-credentials",
  "/[orgSlug]/settings/api-credentials/[credentialId]",
  "/api/auth/[...nextauth]",
]);

describe("page route labels", () => {
  it("names the pattern, never the ids in the path", () => {
    expect(labels.label("/acme/settings/api-credentials/0b6c3a52-5d4e-4a57-9a8e-1f0e2c3d4b5a")).toBe(
      "/[orgSlug]/settings/api-credentials/[credentialId]",
    );
    expect(labels.label("/acme/settings")).toBe("/[orgSlug]/settings");
    expect(labels.label("/sign-in")).toBe("/sign-in");
    expect(labels.label("/")).toBe("/");
    expect(labels.label("/acme")).toBe("/[orgSlug]");
    expect(labels.label("/api/auth/callback/credentials")).toBe("/api/auth/[...nextauth]");
  });

  it("groups assets and anything unknown", () => {
    expect(labels.label("/_next/static/chunks/app.js")).toBe("/_next/static");
    expect(labels.label("/acme/nowhere/at/all")).toBe("other");
    expect(labels.label("/api/auth")).toBe("other");
  });
});
