import { describe, expect, it } from "vitest";
import { assertCan, can, canCreateCredential, canManageCredential } from "@/lib/authz/permissions";

const as = (role: "owner" | "admin" | "developer" | "viewer", userId = "me") => ({ role, userId });

describe("role rules (SPEC Decisions)", () => {
  it("owners and admins manage every key in every environment", () => {
    for (const role of ["owner", "admin"] as const) {
      expect(canCreateCredential(as(role), "production")).toBe(true);
      expect(canManageCredential(as(role), { environment: "production", createdById: "someone-else" })).toBe(true);
    }
  });

  it("developers manage only the keys they created, and only outside production", () => {
    const dev = as("developer");
    expect(canCreateCredential(dev, "development")).toBe(true);
    expect(canCreateCredential(dev, "staging")).toBe(true);
    expect(canCreateCredential(dev, "production")).toBe(false);
    expect(canManageCredential(dev, { environment: "staging", createdById: "me" })).toBe(true);
    expect(canManageCredential(dev, { environment: "staging", createdById: "someone-else" })).toBe(false);
    expect(canManageCredential(dev, { environment: "production", createdById: "me" })).toBe(false);
    expect(canManageCredential(dev, { environment: "development", createdById: null })).toBe(false);
    expect(can(dev, "credentials:read")).toBe(true);
  });

  it("viewers read and change nothing", () => {
    const viewer = as("viewer");
    expect(can(viewer, "credentials:read")).toBe(true);
    expect(canCreateCredential(viewer, "development")).toBe(false);
    expect(canManageCredential(viewer, { environment: "development", createdById: "me" })).toBe(false);
    expect(() => assertCan(viewer, "members:manage")).toThrow(/role does not allow/);
  });

  it("only owners manage the plan and ownership; the audit log is for owners and admins", () => {
    expect(can(as("owner"), "plan:manage")).toBe(true);
    expect(can(as("admin"), "plan:manage")).toBe(false);
    expect(can(as("admin"), "ownership:transfer")).toBe(false);
    expect(can(as("admin"), "audit:read")).toBe(true);
    expect(can(as("developer"), "audit:read")).toBe(false);
  });
});
