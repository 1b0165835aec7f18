import { describe, expect, it } from "vitest";
import type { CredentialActor } from "@/lib/authz/actor";
import { assertCan, can, PERMISSIONS, type Permission, type Resource } from "@/lib/authz/permissions";
import { ROLES, type Role } from "@/lib/db/enums";

// The role matrix, written out cell by cell: what a role may do to a production key someone else
// created, to a development key it created itself, and to a staging key someone else created.
// "all" = yes to all three; "own" = only the own development key; "-" = none.
const MATRIX: Record<Permission, Record<Role, "all" | "own" | "-">> = {
  "credentials:read": { owner: "all", admin: "all", developer: "all", viewer: "all" },
  "credentials:create": { owner: "all", admin: "all", developer: "own", viewer: "-" },
  "credentials:update": { owner: "all", admin: "all", developer: "own", viewer: "-" },
  "credentials:rotate": { owner: "all", admin: "all", developer: "own", viewer: "-" },
  "credentials:revoke": { owner: "all", admin: "all", developer: "own", viewer: "-" },
  "anomalies:dismiss": { owner: "all", admin: "all", developer: "own", viewer: "-" },
  "members:read": { owner: "all", admin: "all", developer: "all", viewer: "all" },
  "members:manage": { owner: "all", admin: "all", developer: "-", viewer: "-" },
  "members:grant_owner": { owner: "all", admin: "-", developer: "-", viewer: "-" },
  "audit:read": { owner: "all", admin: "all", developer: "-", viewer: "-" },
  "plan:read": { owner: "all", admin: "all", developer: "all", viewer: "all" },
  "plan:manage": { owner: "all", admin: "-", developer: "-", viewer: "-" },
  "agents:read": { owner: "all", admin: "all", developer: "all", viewer: "all" },
  "agents:write": { owner: "all", admin: "all", developer: "-", viewer: "-" },
  "analytics:read": { owner: "all", admin: "all", developer: "all", viewer: "all" },
  "integrations:write": { owner: "all", admin: "all", developer: "-", viewer: "-" },
  "organization:rename": { owner: "all", admin: "all", developer: "-", viewer: "-" },
  "organization:change_slug": { owner: "all", admin: "-", developer: "-", viewer: "-" },
  "organization:delete": { owner: "all", admin: "-", developer: "-", viewer: "-" },
  "organization:require_two_factor": { owner: "all", admin: "-", developer: "-", viewer: "-" },
};

const me = "user-me";
const someoneElsesProductionKey: Resource = { environment: "production", createdById: "user-other" };
const myDevelopmentKey: Resource = { environment: "development", createdById: me };
const someoneElsesStagingKey: Resource = { environment: "staging", createdById: "user-other" };
const user = (role: Role) => ({ kind: "user" as const, userId: me, orgId: "org", role });

describe("the role matrix, cell by cell", () => {
  it("covers every permission the code knows", () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...PERMISSIONS].sort());
  });

  for (const permission of PERMISSIONS) {
    for (const role of ROLES) {
      const cell = MATRIX[permission][role];
      it(`${role} × ${permission}: ${cell}`, () => {
        const actor = user(role);
        expect(can(actor, permission, someoneElsesProductionKey)).toBe(cell === "all");
        expect(can(actor, permission, someoneElsesStagingKey)).toBe(cell === "all");
        expect(can(actor, permission, myDevelopmentKey)).toBe(cell !== "-");
        // Without a resource: does the role hold the permission at all (the UI's question).
        expect(can(actor, permission)).toBe(cell !== "-");
      });
    }
  }

  it("a developer never acts on a production key, not even one it created", () => {
    expect(can(user("developer"), "credentials:revoke", { environment: "production", createdById: me })).toBe(false);
    expect(can(user("developer"), "credentials:create", { environment: "production", createdById: me })).toBe(false);
  });

  it("a refusal names what the role cannot do", () => {
    expect(() => assertCan(user("viewer"), "members:manage")).toThrow("Your role does not allow this.");
    expect(() => assertCan(user("developer"), "credentials:revoke", someoneElsesProductionKey)).toThrow(
      "Your role cannot change this API key.",
    );
    expect(() => assertCan(user("admin"), "members:grant_owner")).toThrow(
      "Only owners can grant or take away the owner role.",
    );
    expect(() => assertCan(user("admin"), "organization:delete")).toThrow("Only owners can delete the organization.");
  });
});

describe("an API client's scopes", () => {
  const client = (scopes: string[]): CredentialActor => ({
    kind: "credential",
    credentialId: "cred",
    clientId: "wfc_x",
    orgId: "org",
    environment: "development",
    plan: "starter",
    scopes,
  });
  const SCOPE_MATRIX: Record<string, Permission[]> = {
    "read:agents": ["agents:read"],
    "write:agents": ["agents:write"],
    "read:analytics": ["analytics:read"],
    "write:integrations": ["integrations:write"],
    admin: ["agents:read", "agents:write", "analytics:read", "integrations:write"],
  };

  for (const [scope, permitted] of Object.entries(SCOPE_MATRIX)) {
    it(`${scope} permits exactly ${permitted.join(", ")}`, () => {
      for (const permission of PERMISSIONS) {
        expect(can(client([scope]), permission)).toBe(permitted.includes(permission));
      }
    });
  }

  it("acts only in its own environment", () => {
    const admin = client(["admin"]);
    expect(can(admin, "agents:write", { environment: "development" })).toBe(true);
    expect(can(admin, "agents:write", { environment: "production" })).toBe(false);
    expect(() => assertCan(client(["read:agents"]), "agents:write")).toThrow("This key's scopes do not allow this.");
  });
});
