import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { runAction, type ActionActor, type ActorResolver } from "@/lib/auth/action";
import { AppError } from "@/lib/errors";

const Input = z.strictObject({ orgSlug: z.string(), name: z.string().min(1).max(10) });
const actor: ActionActor = {
  user: { id: "u1", email: "a@b.co", name: "A" },
  userId: "u1",
  orgId: "o1",
  orgSlug: "acme",
  orgName: "Acme",
  plan: "starter",
  role: "admin",
};
const member: ActorResolver = async (slug) => (slug === "acme" ? actor : "not_member");

describe("server action wrapper", () => {
  it("runs the use case with the parsed input and the resolved actor", async () => {
    const fn = vi.fn(async (input: z.infer<typeof Input>, who: ActionActor) => `${input.name}@${who.orgId}`);
    expect(await runAction(Input, fn, { orgSlug: "acme", name: "key" }, member)).toEqual({ ok: true, data: "key@o1" });
  });

  it("refuses a caller without a session before looking at the input", async () => {
    const fn = vi.fn();
    const result = await runAction(Input, fn, { orgSlug: "acme", name: "" }, async () => "unauthenticated");
    expect(result).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(fn).not.toHaveBeenCalled();
  });

  it("answers another organization's slug as not found", async () => {
    const fn = vi.fn();
    expect(await runAction(Input, fn, { orgSlug: "other", name: "x" }, member)).toMatchObject({ ok: false, code: "not_found" });
    expect(fn).not.toHaveBeenCalled();
  });

  it("returns field errors for invalid input and rejects unknown keys", async () => {
    const fn = vi.fn();
    const result = await runAction(Input, fn, { orgSlug: "acme", name: "far-too-long-name", orgId: "o2" }, member);
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    if (!result.ok) expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["_", "name"]);
    expect(fn).not.toHaveBeenCalled();
  });

  it("returns an expected failure's code and message", async () => {
    const result = await runAction(Input, async () => { throw new AppError("forbidden", "Your role does not allow this."); }, { orgSlug: "acme", name: "x" }, member);
    expect(result).toEqual({ ok: false, code: "forbidden", message: "Your role does not allow this." });
  });

  it("hides an unexpected error's details behind a reference id", async () => {
    const result = await runAction(Input, async () => { throw new Error("relation \"api_keys\" does not exist"); }, { orgSlug: "acme", name: "x" }, member);
    expect(result).toMatchObject({ ok: false, code: "internal" });
    if (!result.ok) {
      expect(result.message).toMatch(/^Something went wrong \(reference [0-9a-f-]{36}\)\. Try again\.$/);
      expect(result.message).not.toContain("api_keys");
    }
  });
});
