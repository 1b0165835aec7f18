// The command line of `npm run orgs` (scripts/orgs.ts), parsed apart from the database so it can be
// tested on its own, and the table `list` prints.
import { PLANS, type Plan } from "../lib/db/enums";
import type { OrganizationSummary } from "../lib/orgs/list-organizations";
import { ORG_SLUG_PATTERN } from "../lib/validation/org-slug";
import { UsageError } from "./db/cli";

export const ORGS_USAGE = [
  "usage: npm run orgs -- list [--database-url URL]",
  `       npm run orgs -- set-plan <slug> <${PLANS.join("|")}> [--database-url URL]`,
].join("\n");

export type OrgsCommand =
  { kind: "list"; databaseUrl?: string } | { kind: "set-plan"; slug: string; plan: Plan; databaseUrl?: string };

const isPlan = (value: string): value is Plan => (PLANS as readonly string[]).includes(value);

export function parseOrgsArgs(args: readonly string[]): OrgsCommand {
  const positional: string[] = [];
  let databaseUrl: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--database-url") {
      databaseUrl = args[++i];
      if (!databaseUrl) throw new UsageError(`--database-url needs a postgresql:// URL\n${ORGS_USAGE}`);
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}\n${ORGS_USAGE}`);
    else positional.push(arg);
  }
  const [command, ...rest] = positional;
  const url = databaseUrl ? { databaseUrl } : {};
  if (command === "list" && rest.length === 0) return { kind: "list", ...url };
  if (command === "set-plan" && rest.length === 2) {
    const [slug, plan] = rest as [string, string];
    if (!ORG_SLUG_PATTERN.test(slug))
      throw new UsageError(
        `"${slug}" is not an organization slug (lowercase letters, digits, dashes; see npm run orgs -- list)`,
      );
    if (!isPlan(plan)) throw new UsageError(`unknown plan "${plan}"; use one of ${PLANS.join(", ")}`);
    return { kind: "set-plan", slug, plan, ...url };
  }
  throw new UsageError(ORGS_USAGE);
}

/** A plain-text table: one header row, columns padded to their widest cell. */
export function formatOrganizationTable(orgs: readonly OrganizationSummary[]): string {
  if (orgs.length === 0) return "No organizations yet.";
  const header = ["SLUG", "NAME", "PLAN", "MEMBERS", "ACTIVE KEYS", "CREATED (UTC)"];
  const rows = orgs.map((org) => [
    org.slug,
    org.name.replace(/[\u0000-\u001f\u007f]/g, " "),
    org.plan,
    String(org.members),
    String(org.activeKeys),
    org.createdAt.toISOString().slice(0, 16).replace("T", " "),
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
