import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { buttonVariants } from "@/components/ui/button";
import { auditActionGroups } from "@/lib/audit/audit-actions";
import { listAuditEvents, AuditLogQuery, type AuditEventDto } from "@/lib/audit/list-audit-events";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";
import { listMembers } from "@/lib/orgs/list-members";
import { firstParam, type OrgPageProps } from "../../page-props";

export const metadata: Metadata = { title: "Audit log" };
// Rendered per request and never cached (SA-07, LG-02).
export const dynamic = "force-dynamic";

export default async function AuditLogPage({ params, searchParams }: OrgPageProps) {
  const { orgSlug } = await params;
  const actor = await requireActor(orgSlug);
  // Owners and admins only (LG-02); to anyone else the page does not exist.
  if (!can(actor, "audit:read")) notFound();
  const raw = await searchParams;
  const query = AuditLogQuery.parse({
    action: firstParam(raw.action) || undefined,
    actor: firstParam(raw.actor) || undefined,
    cursor: firstParam(raw.cursor),
  });
  const [page, members] = await Promise.all([listAuditEvents(actor, query), listMembers(actor)]);
  const base = `/${encodeURIComponent(actor.orgSlug)}/settings/audit-log`;
  const nextParams = new URLSearchParams();
  if (query.action) nextParams.set("action", query.action);
  if (query.actor) nextParams.set("actor", query.actor);
  if (page.nextCursor) nextParams.set("cursor", page.nextCursor);

  return (
    <div className="grid gap-6">
      <header className="grid gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="max-w-prose text-sm text-muted-foreground">
          Every change to keys and members, and every refused attempt, newest first. Times are UTC. Visible to owners
          and admins.
        </p>
      </header>

      <form method="get" action={base} className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
        <label className="grid gap-1 text-sm font-medium">
          Event type
          <select
            name="action"
            defaultValue={query.action ?? ""}
            className="h-10 w-64 rounded-md border border-input bg-background px-3 text-sm"
          >
            <option value="">All events</option>
            {auditActionGroups().map((group) => (
              <optgroup key={group.area} label={group.label}>
                {group.prefix ? <option value={group.prefix}>{group.allLabel}</option> : null}
                {group.actions.map(({ action, label }) => (
                  <option key={action} value={action}>
                    {label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="grid gap-1 text-sm font-medium">
          Actor
          <select
            name="actor"
            defaultValue={query.actor ?? ""}
            className="h-10 w-64 rounded-md border border-input bg-background px-3 text-sm"
          >
            <option value="">Anyone</option>
            {members.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.name} ({member.email})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={buttonVariants({ variant: "outline" })}>
          Filter
        </button>
        {query.action || query.actor || query.cursor ? (
          <Link href={base} className={buttonVariants({ variant: "link" })}>
            Clear
          </Link>
        ) : null}
      </form>

      {/* Focusable so keyboard users can scroll a table wider than the screen (axe scrollable-region-focusable). */}
      <div
        role="region"
        aria-label="Audit events"
        tabIndex={0}
        className="overflow-x-auto rounded-lg border border-border focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
      >
        <table className="w-full min-w-[60rem] text-left text-sm">
          <caption className="sr-only">Audit events</caption>
          <thead className="border-b border-border bg-surface text-xs text-muted-foreground">
            <tr>
              {["Time (UTC)", "Actor", "Action", "Target", "IP", "Outcome", "Details"].map((header) => (
                <th key={header} scope="col" className="px-3 py-2 font-medium">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.items.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-3 py-6 text-center text-muted-foreground">
                  No events match.
                </td>
              </tr>
            ) : (
              page.items.map((event) => (
                <tr key={event.id} className="border-b border-border align-top last:border-0" data-testid="audit-row">
                  <td className="px-3 py-2 whitespace-nowrap">
                    <time dateTime={event.at}>{event.at.replace("T", " ").replace(/\.\d+Z$/, "Z")}</time>
                  </td>
                  <td className="px-3 py-2 break-all">{event.actor.label}</td>
                  <td className="px-3 py-2 font-mono text-xs">{event.action}</td>
                  <td className="px-3 py-2">{event.target ? <AuditTarget target={event.target} /> : "—"}</td>
                  <td className="px-3 py-2 font-mono text-xs">{event.ip ?? "—"}</td>
                  <td className="px-3 py-2">{event.outcome}</td>
                  <td className="max-w-[28rem] px-3 py-2 text-xs">
                    <AuditDetails details={event.details} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      {page.nextCursor ? (
        <Link
          href={`${base}?${nextParams.toString()}`}
          className={buttonVariants({ variant: "outline", className: "justify-self-start" })}
        >
          Older events
        </Link>
      ) : null}
    </div>
  );
}

const TARGET_TYPES: Record<string, string> = {
  api_key: "API key",
  user: "Member",
  organization: "Organization",
  agent: "Agent",
  integration: "Integration",
};

/** The target's name as of the event, then what kind of thing it is and its id (for support). */
function AuditTarget({ target }: { target: NonNullable<AuditEventDto["target"]> }) {
  const type = TARGET_TYPES[target.type] ?? target.type;
  if (target.label === target.id)
    return (
      <span className="font-mono text-xs break-all">
        {type} {target.id}
      </span>
    );
  return (
    <>
      <span className="break-words">{target.label}</span>
      <span className="block font-mono text-xs break-all text-muted-foreground">
        {type} {target.id}
      </span>
    </>
  );
}

/** Whole values in pairs, wrapped between words (long unbroken ones such as ids may break anywhere). */
function AuditDetails({ details }: { details: AuditEventDto["details"] }) {
  if (details.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 gap-y-0.5">
      {details.map((detail, index) => (
        <div key={index} className="contents">
          <dt className="text-muted-foreground">{detail.label}:</dt>
          <dd className="wrap-anywhere">{detail.value}</dd>
        </div>
      ))}
    </dl>
  );
}
