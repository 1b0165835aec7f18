// Where the sign-in page sends the user afterwards (components/features/auth/callback-url.ts): a
// path on this origin only, so the page cannot be used as an open redirect.
import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/components/features/auth/callback-url";

describe("sign-in callback URL", () => {
  it("keeps a relative path on this origin, with its query and fragment", () => {
    expect(safeCallbackUrl("/acme/settings/api-credentials")).toBe("/acme/settings/api-credentials");
    expect(safeCallbackUrl("/acme/agents?status=active#top")).toBe("/acme/agents?status=active#top");
    expect(safeCallbackUrl("/")).toBe("/");
  });

  it("refuses a protocol-relative URL, which browsers resolve to another host", () => {
    expect(safeCallbackUrl("//evil.example")).toBe("/");
    expect(safeCallbackUrl("//evil.example/acme")).toBe("/");
    expect(safeCallbackUrl("///evil.example")).toBe("/");
  });

  it("refuses a backslash after the slash, which browsers read as //", () => {
    expect(safeCallbackUrl("/\\evil.example")).toBe("/");
    expect(safeCallbackUrl("/\\/evil.example")).toBe("/");
    expect(safeCallbackUrl("\\\\evil.example")).toBe("/");
  });

  it("refuses absolute URLs, another origin's and this origin's alike: only paths are accepted", () => {
    expect(safeCallbackUrl("https://evil.example")).toBe("/");
    expect(safeCallbackUrl("https://evil.example/acme")).toBe("/");
    expect(safeCallbackUrl("http://localhost:3000/acme")).toBe("/");
    expect(safeCallbackUrl("https://portal.example.test/acme")).toBe("/");
  });

  it("refuses javascript: and other schemes, and scheme-less host names", () => {
    expect(safeCallbackUrl("javascript:alert(document.cookie)")).toBe("/");
    expect(safeCallbackUrl("JavaScript:alert(1)")).toBe("/");
    expect(safeCallbackUrl("data:text/html,<script>alert(1)</script>")).toBe("/");
    expect(safeCallbackUrl("evil.example/acme")).toBe("/");
  });

  it("refuses control characters, which browsers strip (turning /\\t/evil into //evil)", () => {
    expect(safeCallbackUrl("/\t/evil.example")).toBe("/");
    expect(safeCallbackUrl("/\n/evil.example")).toBe("/");
    expect(safeCallbackUrl("/acme\u0000")).toBe("/");
  });

  it("falls back to / without a value, and reads only the first of repeated parameters", () => {
    expect(safeCallbackUrl(undefined)).toBe("/");
    expect(safeCallbackUrl("")).toBe("/");
    expect(safeCallbackUrl([])).toBe("/");
    expect(safeCallbackUrl(["/acme", "//evil.example"])).toBe("/acme");
    expect(safeCallbackUrl(["//evil.example", "/acme"])).toBe("/");
  });
});
