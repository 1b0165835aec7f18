import type { CredentialDto } from "@/lib/credentials/dto";

import { Badge } from "@/components/ui/badge";
import { Tooltip } from "@/components/ui/tooltip";

import { formatDateTime, formatExpiresIn } from "./format";

const ENVIRONMENT_LABELS = { production: "Production", staging: "Staging", development: "Development" } as const;

export function environmentLabel(environment: CredentialDto["environment"]): string {
  return ENVIRONMENT_LABELS[environment];
}

/** Colour plus the word, never colour alone. */
export function EnvironmentBadge({ environment }: { environment: CredentialDto["environment"] }) {
  return <Badge variant={environment}>{ENVIRONMENT_LABELS[environment]}</Badge>;
}

export function StatusBadge({ status }: { status: CredentialDto["status"] }) {
  switch (status.kind) {
    case "active":
      return <Badge variant="success">Active</Badge>;
    case "rotating":
      return <Badge variant="warning">Rotating</Badge>;
    case "rotation_due":
      return <Badge variant="warning">Rotation due</Badge>;
    case "expiring":
      // Counted in the viewer's time zone, which the server rendering this first may not share.
      return (
        <Badge variant="warning" suppressHydrationWarning>
          {formatExpiresIn(status.expiresAt)}
        </Badge>
      );
    case "expired":
      return <Badge variant="muted">Expired</Badge>;
    case "revoked":
      return <Badge variant="destructive">Revoked</Badge>;
  }
}

/** Open anomaly flags of a key; the detail page shows each with its evidence. */
export function AnomalyBadge({ count }: { count: number }) {
  const text = count === 1 ? "1 open anomaly flag" : `${count} open anomaly flags`;
  return (
    <Badge variant="destructive" title={text}>
      Anomaly<span className="sr-only">: {text}</span>
    </Badge>
  );
}

/** The line under a status that says what it means in time. */
export function StatusDetail({ status }: { status: CredentialDto["status"] }) {
  const text =
    status.kind === "rotating"
      ? `Previous secret valid until ${formatDateTime(status.previousSecretValidUntil)}`
      : status.kind === "revoked"
        ? `Revoked ${formatDateTime(status.since)}`
        : status.kind === "expired"
          ? `Expired ${formatDateTime(status.since)}`
          : status.kind === "rotation_due"
            ? `Secret is ${status.secretAgeDays} days old`
            : null;
  if (!text) return null;
  return (
    <span className="block text-xs text-muted-foreground" suppressHydrationWarning>
      {text}
    </span>
  );
}

/**
 * Scope chips, collapsing past `visible` into "+N". The hidden scopes are in its tooltip (on hover
 * and on keyboard focus, so "+N" is focusable) and always in its text for screen readers. The keys
 * table shows two, so a row's chips never take more than two lines.
 */
export function ScopeChips({ scopes, visible = 3 }: { scopes: string[]; visible?: number }) {
  const shown = scopes.length > visible ? scopes.slice(0, visible - 1) : scopes;
  const hidden = scopes.slice(shown.length);
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Scopes">
      {shown.map((scope) => (
        <li key={scope}>
          <Badge variant={scope === "admin" ? "destructive" : "outline"} className="font-mono">
            {scope}
          </Badge>
        </li>
      ))}
      {hidden.length > 0 ? (
        <li>
          <Tooltip content={<span className="font-mono">{hidden.join(", ")}</span>}>
            <Badge
              variant="muted"
              tabIndex={0}
              className="focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
            >
              <span aria-hidden="true">+{hidden.length}</span>
              <span className="sr-only">and {hidden.join(", ")}</span>
            </Badge>
          </Tooltip>
        </li>
      ) : null}
    </ul>
  );
}
