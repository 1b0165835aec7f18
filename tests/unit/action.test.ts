import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  runAction,
  type ActionActor,
  type ActionContext,
  type ActorResolver,
  type DenialRecorder,
} from "@/lib/auth/action";
import { AppError } from "@/lib/errors";
import { setRuntime } from "@/lib/runtime/current";
import type { Runtime } from "@/lib/runtime/start-runtime";

const Input = z.strictObject({ orgSlug: z.string(), name: z.string().min(1).max(10) });
const actor: ActionActor = {
  kind: "user",
  user: { id: "u1", email: "a@b.co", name: "A", emailVerified: true, sessionId: "s1", authenticatedAt: new Date() },
  userId: "u1",
  orgId: "o1",
  orgSlug: "acme",
  orgName: "Acme",
  plan: "starter",
  role: "admin",
};
const member: ActorResolver = async (slug) => (slug === "acme" ? actor : { kind: "not_member", userId: "u1" });
const recorder = () => vi.fn<DenialRecorder>(async () => {});
const NOW = new Date("2030-01-02T03:04:05Z");
const context: ActionContext = { now: NOW, request: { ip: "203.0.113.7", userAgent: "vitest" } };
const currentContext = async () => context;

// The wrapper logs through the runtime's logger; no database, no session.
const log = { warn: vi.fn(), error: vi.fn() };
beforeAll(() => setRuntime({ log, clock: { now: () => NOW } } as unknown as Runtime));
afterAll(() => setRuntime(undefined));

describe("server action wrapper", () => {
  it("runs the use case with the parsed input and the resolved actor", async () => {
    const fn = vi.fn(async (input: z.infer<typeof Input>, who: ActionActor) => `${input.name}@${who.orgId}`);
    expect(await runAction(Input, fn, { orgSlug: "acme", name: "key" }, member, recorder(), currentContext)).toEqual({
      ok: true,
      data: "key@o1",
    });
    expect(fn).toHaveBeenCalledExactlyOnceWith({ orgSlug: "acme", name: "key" }, actor, context);
  });

  it("refuses a caller without a session before looking at the input", async () => {
    const fn = vi.fn();
    const result = await runAction(
      Input,
      fn,
      { orgSlug: "acme", name: "" },
      async () => "unauthenticated",
      recorder(),
      currentContext,
    );
    expect(result).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(fn).not.toHaveBeenCalled();
  });

  it("refuses a signed-in user whose address is not confirmed yet, before the input or the use case (AC-06)", async () => {
    const fn = vi.fn();
    const record = recorder();
    const result = await runAction(
      Input,
      fn,
      { orgSlug: "acme", name: "key" },
      async () => "unverified",
      record,
      currentContext,
    );
    expect(result).toEqual({
      ok: false,
      code: "forbidden",
      message: expect.stringMatching(/Confirm your email address/),
    });
    expect(fn).not.toHaveBeenCalled();
  });

  it("answers another organization's slug as not found, and audits the denial without the input", async () => {
    const fn = vi.fn();
    const record = recorder();
    expect(
      await runAction(Input, fn, { orgSlug: "other", name: "secret-ish" }, member, record, currentContext),
    ).toEqual({
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
    const result = await runAction(
      Input,
      vi.fn(),
      { orgSlug: "Bad\u0000Slug", name: "x" },
      member,
      record,
      currentContext,
    );
    expect(result).toMatchObject({ ok: false, code: "not_found" });
    expect(record.mock.calls[0]![0].metadata).toEqual({ reason: "not_member", orgSlug: "invalid" });
  });

  it("records nothing for a signed-out caller, invalid input or an unexpected error", async () => {
    const record = recorder();
    await runAction(Input, vi.fn(), { orgSlug: "acme" }, async () => "unauthenticated", record, currentContext);
    await runAction(Input, vi.fn(), { orgSlug: "acme", name: "" }, member, record, currentContext);
    await runAction(
      Input,
      async () => {
        throw new AppError("not_found", "No.");
      },
      { orgSlug: "acme", name: "x" },
      member,
      record,
      currentContext,
    );
    await runAction(
      Input,
      async () => {
        throw new Error("boom");
      },
      { orgSlug: "acme", name: "x" },
      member,
      record,
      currentContext,
    );
    expect(record).not.toHaveBeenCalled();
  });

  it("answers the same when writing the denial fails", async () => {
    const failing = vi.fn<DenialRecorder>(async () => {
      throw new Error("database down");
    });
    expect(await runAction(Input, vi.fn(), { orgSlug: "other", name: "x" }, member, failing, currentContext)).toEqual({
      ok: false,
      code: "not_found",
      message: "Not found.",
    });
    expect(failing).toHaveBeenCalledOnce();
  });

  it("returns field errors for invalid input and rejects unknown keys", async () => {
    const fn = vi.fn();
    const result = await runAction(
      Input,
      fn,
      { orgSlug: "acme", name: "far-too-long-name", orgId: "o2" },
      member,
      recorder(),
      currentContext,
    );
    expect(result).toMatchObject({ ok: false, code: "invalid_request" });
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
      currentContext,
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
      recorder(),
      currentContext,
    );
    expect(result).toMatchObject({ ok: false, code: "internal" });
    if (!result.ok) {
      expect(result.message).toMatch(/^Something went wrong \(reference [0-9a-f-]{36}\)\. Try again\.$/);
      expect(result.message).not.toContain("api_keys");
    }
  });

  it("by default hands the use case the runtime's clock, and no address outside a request", async () => {
    const fn = vi.fn(async () => "done");
    expect(await runAction(Input, fn, { orgSlug: "acme", name: "key" }, member, recorder())).toEqual({
      ok: true,
      data: "done",
    });
    expect(fn).toHaveBeenCalledExactlyOnceWith({ orgSlug: "acme", name: "key" }, actor, {
      now: NOW,
      request: { ip: null, userAgent: null },
    });
  });

  it("logs a refusal as a warning and an unexpected error with its reference id", async () => {
    log.warn.mockClear();
    log.error.mockClear();
    await runAction(Input, vi.fn(), { orgSlug: "other", name: "x" }, member, recorder(), currentContext);
    expect(log.warn).toHaveBeenCalledExactlyOnceWith(
      { userId: "u1", orgId: null, orgSlug: "other", reason: "not_member" },
      "server action denied",
    );
    const result = await runAction(
      Input,
      async () => {
        throw new Error("boom");
      },
      { orgSlug: "acme", name: "x" },
      member,
      recorder(),
      currentContext,
    );
    const requestId = !result.ok ? /reference ([0-9a-f-]{36})/.exec(result.message)?.[1] : undefined;
    expect(requestId).toBeDefined();
    expect(log.error).toHaveBeenCalledExactlyOnceWith(
      { err: expect.objectContaining({ message: "boom" }), requestId },
      "server action failed",
    );
  });
});
