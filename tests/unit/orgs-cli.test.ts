// `npm run orgs`: what the command line accepts, what it refuses with the usage text, and the
// table `list` prints.
import { describe, expect, it } from "vitest";
import { formatOrganizationTable, ORGS_USAGE, parseOrgsArgs } from "@/scripts/orgs-cli";

describe("npm run orgs arguments", () => {
  it("parses list and set-plan, with an optional --database-url anywhere", () => {
    expect(parseOrgsArgs(["list"])).toEqual({ kind: "list" });
    expect(parseOrgsArgs(["set-plan", "acme", "enterprise"])).toEqual({
      kind: "set-plan",
      slug: "acme",
      plan: "enterprise",
    });
    expect(parseOrgsArgs(["--database-url", "postgresql://h/db", "set-plan", "acme", "starter"])).toEqual({
      kind: "set-plan",
      slug: "acme",
      plan: "starter",
      databaseUrl: "postgresql://h/db",
    });
  });

  it("answers anything else with the usage text", () => {
    for (const args of [
      [],
      ["lst"],
      ["list", "extra"],
      ["set-plan"],
      ["set-plan", "acme"],
      ["set-plan", "a", "b", "c"],
    ]) {
      expect(() => parseOrgsArgs(args), args.join(" ")).toThrow(ORGS_USAGE);
    }
    expect(() => parseOrgsArgs(["list", "--verbose"])).toThrow("unknown option --verbose");
    expect(() => parseOrgsArgs(["list", "--database-url"])).toThrow("--database-url needs a postgresql:// URL");
  });

  it("names an unknown plan and a malformed slug", () => {
    expect(() => parseOrgsArgs(["set-plan", "acme", "gold"])).toThrow(
      'unknown plan "gold"; use one of starter, professional, enterprise',
    );
    expect(() => parseOrgsArgs(["set-plan", "Acme Corp", "starter"])).toThrow(
      '"Acme Corp" is not an organization slug',
    );
  });
});

describe("npm run orgs -- list", () => {
  it("prints aligned columns with a header, and says so when there is nothing", () => {
    const table = formatOrganizationTable([
      {
        slug: "acme",
        name: "Acme\nInc",
        plan: "professional",
        members: 4,
        activeKeys: 12,
        createdAt: new Date("2026-01-02T03:04:05Z"),
      },
      { slug: "b", name: "B", plan: "starter", members: 1, activeKeys: 0, createdAt: new Date("2026-02-03T00:00:00Z") },
    ]);
    expect(table.split("\n")).toEqual([
      "SLUG  NAME      PLAN          MEMBERS  ACTIVE KEYS  CREATED (UTC)",
      "acme  Acme Inc  professional  4        12           2026-01-02 03:04",
      "b     B         starter       1        0            2026-02-03 00:00",
    ]);
    expect(formatOrganizationTable([])).toBe("No organizations yet.");
  });
});
