import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { runAction, type ActionActor, type ActorResolver, type DenialRecorder } from "@/lib/auth/action";
import { AppError } from "@/lib/errors";

const Input = z.strictObject({ orgSlug: z.string(), name: z.string().min(1).max(10) });
const actor: ActionActor = {
  kind: "user",
  user: { id: "u1", email: "a@b.co", name: "A" },
  userId: "u1",
  orgId: "o1",
  orgSlug: "acme",
  orgName: "Acme",
  plan: "starter",
  role: "admin",
};
const member: ActorResolver = async (slug) => (slug === "acme" ? actor : { kind: "not_member", userId: "u1" });
const recorder = () => vi.fn<DenialRecorder>(async () => {});

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

  it("answers another organization's slug as not found, and audits the denial without the input", async () => {
    const fn = vi.fn();
    const record = recorder();
    expect(await runAction(Input, fn, { orgSlug: "other", name: "secret-ish" }, member, record)).toEqual({
      ok: false,
      code: "not_found",
      message: "Not found.",
    });
    expect(fn).not.toHaveBeenCalled();
    expect(record).toHaveBeenCalledExactlyOnceWith({
      orgId: null,
      actorType: "user",
      actorId: "u1",
      action: "access.denied",
      outcome: "denied",
      metadata: { reason: "not_member", orgSlug: "other" },
    });
    expect(JSON.stringify(record.mock.calls)).not.toContain("secret-ish");
  });

  it("records a slug outside the grammar as invalid, never the raw value", async () => {
    const record = recorder();
    const result = await runAction(Input, vi.fn(), { orgSlug: "Bad\u0000Slug", name: "x" }, member, record);
    expect(result).toMatchObject({ ok: false, code: "not_found" });
    expect(record.mock.calls[0]![0].metadata).toEqual({ reason: "not_member", orgSlug: "invalid" });
  });

  it("records nothing for a signed-out caller, invalid input or an unexpected error", async () => {
    const record = recorder();
    await runAction(Input, vi.fn(), { orgSlug: "acme" }, async () => "unauthenticated", record);
    await runAction(Input, vi.fn(), { orgSlug: "acme", name: "" }, member, record);
    await runAction(
      Input,
      async () => {
        throw new AppError("not_found", "No.");
      },
      { orgSlug: "acme", name: "x" },
      member,
      record,
    );
    await runAction(
      Input,
      async () => {
        throw new Error("boom");
      },
      { orgSlug: "acme", name: "x" },
      member,
      record,
    );
    expect(record).not.toHaveBeenCalled();
  });

  it("answers the same when writing the denial fails", async () => {
    const failing = vi.fn<DenialRecorder>(async () => {
      throw new Error("database down");
    });
    expect(await runAction(Input, vi.fn(), { orgSlug: "other", name: "x" }, member, failing)).toEqual({
      ok: false,
      code: "not_found",
      message: "Not found.",
    });
    expect(failing).toHaveBeenCalledOnce();
  });

  it("returns field errors for invalid input and rejects unknown keys", async () => {
    const fn = vi.fn();
    const result = await runAction(Input, fn, { orgSlug: "acme", name: "far-too-long-name", orgId: "o2" }, member);
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    if (!result.ok) expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["_", "name"]);
    expect(fn).not.toHaveBeenCalled();
  });

  it("returns an expected failure's code and message, and audits a forbidden one in the actor's organization", async () => {
    const record = recorder();
    const result = await runAction(
      Input,
      async () => {
        throw new AppError("forbidden", "Your role does not allow this.");
      },
      { orgSlug: "acme", name: "x" },
      member,
      record,
    );
    expect(result).toEqual({ ok: false, code: "forbidden", message: "Your role does not allow this." });
    expect(record).toHaveBeenCalledExactlyOnceWith({
      orgId: "o1",
      actorType: "user",
      actorId: "u1",
      action: "access.denied",
      outcome: "denied",
      metadata: { reason: "forbidden", orgSlug: "acme" },
    });
  });

  it("hides an unexpected error's details behind a reference id", async () => {
    const result = await runAction(
      Input,
      async () => {
        throw new Error('relation "api_keys" does not exist');
      },
      { orgSlug: "acme", name: "x" },
      member,
    );
    expect(result).toMatchObject({ ok: false, code: "internal" });
    if (!result.ok) {
      expect(result.message).toMatch(/^Something went wrong \(reference [0-9a-f-]{36}\)\. Try again\.$/);
      expect(result.message).not.toContain("api_keys");
    }
  });
});
