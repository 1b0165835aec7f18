// Agents are partitioned by organization and environment: a key only ever sees its own slice.
import { describe, expect, it } from "vitest";
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from "@/lib/agents/agents";
import { CreateAgentInput, UpdateAgentInput } from "@/lib/agents/schemas";
import { PageQuery } from "@/lib/pagination/id-cursor";
import type { CredentialActor } from "@/lib/authz/actor";
import { getDb } from "@/lib/db/client";
import { createOrg } from "../helpers/factories";

const principalFor = (orgId: string, environment: CredentialActor["environment"] = "development"): CredentialActor => ({
  orgId,
  environment,
  kind: "credential",
  credentialId: "00000000-0000-7000-8000-000000000001",
  clientId: "wfc_test",
  plan: "starter",
  scopes: ["read:agents", "write:agents"],
});

describe("agents", () => {
  it("creates, reads, updates and deletes an agent, auditing each write as the API key", async () => {
    const org = await createOrg();
    const p = principalFor(org.id);
    const created = await createAgent(p, CreateAgentInput.parse({ name: "Invoice bot", config: { model: "x" } }));
    expect(created).toMatchObject({
      name: "Invoice bot",
      status: "active",
      environment: "development",
      config: { model: "x" },
    });
    expect(await getAgent(p, created.id)).toEqual(created);
    const updated = await updateAgent(p, created.id, UpdateAgentInput.parse({ status: "paused" }));
    expect(updated.status).toBe("paused");
    await deleteAgent(p, created.id);
    await expect(getAgent(p, created.id)).rejects.toMatchObject({ code: "not_found" });
    const actions = await getDb().auditEvent.findMany({
      where: { orgId: org.id },
      orderBy: { action: "asc" },
      select: { action: true, actorType: true },
    });
    expect(actions).toEqual([
      { action: "agent.created", actorType: "api_key" },
      { action: "agent.deleted", actorType: "api_key" },
      { action: "agent.updated", actorType: "api_key" },
    ]);
  });

  it("another organization's or another environment's agent is not found, and stays unchanged", async () => {
    const [mine, theirs] = [await createOrg(), await createOrg()];
    const foreign = await createAgent(principalFor(theirs.id), CreateAgentInput.parse({ name: "Theirs" }));
    const production = await createAgent(principalFor(mine.id, "production"), CreateAgentInput.parse({ name: "Prod" }));
    const me = principalFor(mine.id, "development");
    for (const id of [foreign.id, production.id]) {
      await expect(getAgent(me, id)).rejects.toMatchObject({ code: "not_found" });
      await expect(updateAgent(me, id, UpdateAgentInput.parse({ name: "hijacked" }))).rejects.toMatchObject({
        code: "not_found",
      });
      await expect(deleteAgent(me, id)).rejects.toMatchObject({ code: "not_found" });
    }
    expect((await getAgent(principalFor(theirs.id), foreign.id)).name).toBe("Theirs");
    expect((await listAgents(me, PageQuery.parse({}))).data).toEqual([]);
  });

  it("pages newest first with an opaque cursor, never repeating or skipping", async () => {
    const org = await createOrg();
    const p = principalFor(org.id);
    const names = Array.from({ length: 5 }, (_, i) => `agent-${i}`);
    for (const name of names) await createAgent(p, CreateAgentInput.parse({ name }));
    const first = await listAgents(p, PageQuery.parse({ limit: "2" }));
    const second = await listAgents(p, PageQuery.parse({ limit: "2", cursor: first.next_cursor! }));
    const third = await listAgents(p, PageQuery.parse({ limit: "2", cursor: second.next_cursor! }));
    expect([...first.data, ...second.data, ...third.data].map((a) => a.name)).toEqual([...names].reverse());
    expect(third.next_cursor).toBeNull();
  });

  it("refuses fields a client may not set and malformed cursors", () => {
    expect(CreateAgentInput.safeParse({ name: "x", orgId: "someone-else" }).success).toBe(false);
    expect(CreateAgentInput.safeParse({ name: "x", id: "00000000-0000-7000-8000-000000000001" }).success).toBe(false);
    expect(UpdateAgentInput.safeParse({}).success).toBe(false);
    expect(PageQuery.safeParse({ cursor: "not-a-cursor" }).success).toBe(false);
    expect(PageQuery.safeParse({ limit: "1000" }).success).toBe(false);
  });
});
