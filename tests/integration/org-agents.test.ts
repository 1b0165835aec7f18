// The dashboard's agents list: one organization's agents in every environment, filtered by the
// `?env=` tab, with counts; another organization's agents never appear.
import { describe, expect, it } from "vitest";
import { listOrgAgents, ListOrgAgentsQuery } from "@/lib/agents/list-org-agents";
import { getDb } from "@/lib/db/client";
import { createOrg } from "../helpers/factories";

async function agent(
  orgId: string,
  environment: "production" | "staging" | "development",
  name: string,
  createdAt: Date,
) {
  return getDb().agent.create({ data: { orgId, environment, name, createdAt }, select: { id: true } });
}

describe("listOrgAgents", () => {
  it("lists this organization's agents newest first, per environment, with counts", async () => {
    const [org, other] = [await createOrg(), await createOrg()];
    await agent(org.id, "production", "Invoice bot", new Date("2026-03-01T00:00:00Z"));
    await agent(org.id, "development", "Test bot", new Date("2026-03-02T00:00:00Z"));
    await agent(org.id, "production", "Support bot", new Date("2026-03-03T00:00:00Z"));
    await agent(other.id, "production", "Not mine", new Date("2026-03-04T00:00:00Z"));

    const all = await listOrgAgents(org.id, ListOrgAgentsQuery.parse({}));
    expect(all.items.map((a) => a.name)).toEqual(["Support bot", "Test bot", "Invoice bot"]);
    expect(all.counts).toEqual({ all: 3, production: 2, staging: 0, development: 1 });
    expect(all.hasMore).toBe(false);
    expect(all.items[0]).toMatchObject({
      status: "active",
      environment: "production",
      createdAt: "2026-03-03T00:00:00.000Z",
    });

    const prod = await listOrgAgents(org.id, ListOrgAgentsQuery.parse({ env: "production" }));
    expect(prod.items.map((a) => a.name)).toEqual(["Support bot", "Invoice bot"]);
    expect((await listOrgAgents(org.id, ListOrgAgentsQuery.parse({ env: "staging" }))).items).toEqual([]);
    expect(ListOrgAgentsQuery.parse({ env: "moon" }).env).toBe("all");
    expect((await listOrgAgents(other.id, ListOrgAgentsQuery.parse({}))).items.map((a) => a.name)).toEqual([
      "Not mine",
    ]);
  });
});
