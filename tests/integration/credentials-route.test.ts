// GET /api/orgs/{orgSlug}/credentials and the list use case behind it: members only, same-origin
// only, never cached, no hash or secret in the JSON; keyset pages, environment counts and search.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/orgs/[orgSlug]/credentials/route";
import { createCredential } from "@/lib/credentials/create-credential";
import { listCredentials } from "@/lib/credentials/list-credentials";
import { revokeCredential } from "@/lib/credentials/revoke-credential";
import { ListCredentialsQuery } from "@/lib/credentials/schemas";
import { getDb } from "@/lib/db/client";
import { createMember, createOrg } from "../helpers/factories";
import { signInAs } from "../helpers/credential-session";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);

type Member = Awaited<ReturnType<typeof createMember>>;
let org: { id: string; slug: string };
let otherOrg: { id: string; slug: string };
let owner: Member, viewer: Member, otherOwner: Member;
const secrets: string[] = [];

const get = (slug: string, query = "", headers: Record<string, string> = { "sec-fetch-site": "same-origin" }) =>
  GET(new Request(`http://localhost:3000/api/orgs/${slug}/credentials${query}`, { headers }), {
    params: Promise.resolve({ orgSlug: slug }),
  });

beforeAll(async () => {
  org = await createOrg();
  otherOrg = await createOrg();
  owner = await createMember(org.id, "owner");
  viewer = await createMember(org.id, "viewer");
  otherOwner = await createMember(otherOrg.id, "owner");
  const actor = {
    kind: "user" as const,
    authenticatedAt: new Date(),
    userId: owner.id,
    orgId: org.id,
    role: "owner" as const,
  };
  const base = new Date("2026-01-01T00:00:00Z");
  const plan = [
    ["Prod API", "production"],
    ["Prod worker", "production"],
    ["Staging API", "staging"],
    ["Dev laptop", "development"],
    ["Dev CI", "development"],
  ] as const;
  for (const [i, [name, environment]] of plan.entries()) {
    const created = await createCredential(
      actor,
      { orgSlug: org.slug, name, environment, scopes: ["read:agents"], expiry: { kind: "never" } },
      { now: new Date(base.getTime() + i * 1000) },
    );
    secrets.push(created.clientSecret);
  }
  const devCi = await getDb().apiKey.findFirstOrThrow({ where: { orgId: org.id, name: "Dev CI" } });
  await revokeCredential(actor, { orgSlug: org.slug, credentialId: devCi.id, reason: "replaced" });
  await createCredential(
    { kind: "user" as const, authenticatedAt: new Date(), userId: otherOwner.id, orgId: otherOrg.id, role: "owner" },
    {
      orgSlug: otherOrg.slug,
      name: "Other org key",
      environment: "production",
      scopes: ["admin"],
      expiry: { kind: "never" },
    },
  );
});

describe("GET /api/orgs/{orgSlug}/credentials", () => {
  it("gives a member the first page with counts, never cached, without any hash or secret", async () => {
    signInAs(viewer);
    const response = await get(org.slug);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    for (const secret of secrets) expect(text).not.toContain(secret.slice(9));
    expect(text).not.toMatch(/secretHash|previousSecretHash/);
    const body = JSON.parse(text);
    expect(body.counts).toEqual({ all: 5, production: 2, staging: 1, development: 2 });
    expect(body.items.map((item: { name: string }) => item.name)).toEqual([
      "Dev CI",
      "Dev laptop",
      "Staging API",
      "Prod worker",
      "Prod API",
    ]);
    expect(body.items[0].status.kind).toBe("revoked");
  });

  it("filters by environment, status and search (name or client id, any case)", async () => {
    signInAs(owner);
    const names = async (query: string) =>
      ((await (await get(org.slug, query)).json()).items as Array<{ name: string }>).map((i) => i.name);
    expect(await names("?env=production")).toEqual(["Prod worker", "Prod API"]);
    expect(await names("?env=development&status=active")).toEqual(["Dev laptop"]);
    expect(await names("?status=inactive")).toEqual(["Dev CI"]);
    expect(await names("?q=API")).toEqual(["Staging API", "Prod API"]);
    const someKey = await getDb().apiKey.findFirstOrThrow({ where: { orgId: org.id, name: "Dev laptop" } });
    expect(await names(`?q=${someKey.clientId.slice(4, 14).toLowerCase()}`)).toEqual(["Dev laptop"]);
    expect(await names("?env=moon&status=weird")).toHaveLength(5);
  });

  it("answers signed-out callers 401 and another organization's members 404", async () => {
    signInAs(null);
    expect((await get(org.slug)).status).toBe(401);
    signInAs(otherOwner);
    const foreign = await get(org.slug);
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain("Prod API");
    const own = await (await get(otherOrg.slug)).json();
    expect(own.items.map((i: { name: string }) => i.name)).toEqual(["Other org key"]);
  });

  it("refuses cross-site requests before looking at the session", async () => {
    signInAs(owner);
    expect((await get(org.slug, "", { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await get(org.slug, "", { origin: "https://evil.example" })).status).toBe(403);
  });
});

describe("listCredentials keyset pagination", () => {
  it("walks every key exactly once, newest first, with ties on createdAt broken by id", async () => {
    const tieOrg = await createOrg();
    const user = await createMember(tieOrg.id, "owner");
    const sameInstant = new Date("2026-02-01T00:00:00Z");
    await getDb().apiKey.createMany({
      data: Array.from({ length: 7 }, (_, i) => ({
        orgId: tieOrg.id,
        clientId: `wfc_tie${randomBytes(8).toString("hex")}`,
        name: `Key ${i}`,
        environment: "staging" as const,
        scopes: ["read:agents"],
        createdAt: i < 4 ? sameInstant : new Date(sameInstant.getTime() + i * 1000),
        secretHash: new Uint8Array(randomBytes(32)),
        secretHint: "wfs_stg_…abcd",
      })),
    });
    const actor = {
      kind: "user" as const,
      authenticatedAt: new Date(),
      userId: user.id,
      orgId: tieOrg.id,
      role: "viewer" as const,
    };
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listCredentials(actor, ListCredentialsQuery.parse({ cursor }), { pageSize: 3 });
      seen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen.slice(0, 3)).toEqual(["Key 6", "Key 5", "Key 4"]);
  });
});
