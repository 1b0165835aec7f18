// Anomaly flags as the dashboard sees them. The request path writes one audit event per anomaly
// ("credential.anomaly_detected", target the key, metadata { kind, evidence, at }); a flag is open
// until a "credential.anomaly_dismissed" event names it in metadata.anomalyEventId. The audit log
// stays append-only: dismissing adds a row, it never edits the detection.
import { z } from "zod";
import { actorAuditFields, recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { getDb, type Db } from "../db/client";
import { AppError } from "../errors";
import { loadManagedCredential } from "../credentials/load-managed-credential";
import { ANOMALY_DETECTED, ANOMALY_DISMISSED } from "../credentials/open-anomaly-counts";
import type { RequestInfo } from "../use-case";

/** The detail page shows at most this many open flags per key, newest first. */
export const MAX_OPEN_FLAGS_SHOWN = 20;

export type AnomalyFlag = {
  id: string;
  credentialId: string;
  kind: string;
  evidence: Record<string, string | number>;
  at: string;
};

type FlagRow = { id: string; target_id: string; metadata: unknown; created_at: Date };

function toFlag(row: FlagRow): AnomalyFlag {
  const metadata = (row.metadata ?? {}) as { kind?: unknown; evidence?: unknown; at?: unknown };
  const evidence: Record<string, string | number> = {};
  if (metadata.evidence && typeof metadata.evidence === "object") {
    for (const [name, value] of Object.entries(metadata.evidence as Record<string, unknown>)) {
      if (typeof value === "string" || typeof value === "number") evidence[name] = value;
    }
  }
  const at =
    typeof metadata.at === "string" && !Number.isNaN(Date.parse(metadata.at)) ? new Date(metadata.at) : row.created_at;
  return {
    id: row.id,
    credentialId: row.target_id,
    kind: typeof metadata.kind === "string" ? metadata.kind : "unknown",
    evidence,
    at: at.toISOString(),
  };
}

/** Open flags of one key of `orgId`, newest first (another organization's key has none). */
export async function listOpenAnomalies(
  orgId: string,
  credentialId: string,
  { db = getDb() }: { db?: Db } = {},
): Promise<AnomalyFlag[]> {
  const rows = await db.$queryRaw<FlagRow[]>`
    SELECT d.id::text AS id, d.target_id, d.metadata, d.created_at
    FROM audit_events d
    WHERE d.org_id = ${orgId}::uuid AND d.target_type = 'api_key' AND d.target_id = ${credentialId}
      AND d.action = ${ANOMALY_DETECTED}
      AND NOT EXISTS (
        SELECT 1 FROM audit_events x
        WHERE x.org_id = d.org_id AND x.target_type = 'api_key' AND x.target_id = d.target_id
          AND x.action = ${ANOMALY_DISMISSED} AND x.metadata->>'anomalyEventId' = d.id::text)
    ORDER BY d.created_at DESC, d.id DESC
    LIMIT ${MAX_OPEN_FLAGS_SHOWN}`;
  return rows.map(toFlag);
}

export const DismissAnomalyInput = z.strictObject({
  orgSlug: z.string().min(1).max(100),
  credentialId: z.uuid({ error: "Unknown API key." }),
  anomalyEventId: z.uuid({ error: "Unknown anomaly." }),
});
export type DismissAnomalyInput = z.infer<typeof DismissAnomalyInput>;

/**
 * Dismiss one open flag. Allowed to whoever may manage the key (admins and owners; a developer for
 * the non-production keys they created), also once the key is revoked or expired. Dismissing an
 * already dismissed flag changes nothing and succeeds, so two people clicking at once both see it gone.
 */
export async function dismissAnomaly(
  actor: Actor,
  input: Pick<DismissAnomalyInput, "credentialId" | "anomalyEventId">,
  { db = getDb(), now = new Date(), request }: { db?: Db; now?: Date; request?: RequestInfo } = {},
): Promise<{ anomalyEventId: string; alreadyDismissed: boolean }> {
  assertCan(actor, "anomalies:dismiss");
  return db.$transaction(async (tx) => {
    // The key's row lock also serializes concurrent dismissals of its flags.
    const key = await loadManagedCredential(tx, actor, "anomalies:dismiss", input.credentialId, now, {
      requireLive: false,
    });
    const detected = await tx.auditEvent.findFirst({
      where: {
        id: input.anomalyEventId,
        orgId: actor.orgId,
        action: ANOMALY_DETECTED,
        targetType: "api_key",
        targetId: key.id,
      },
      select: { id: true, metadata: true },
    });
    if (!detected) throw new AppError("not_found", "This anomaly flag does not exist.");
    const dismissed = await tx.auditEvent.findFirst({
      where: {
        orgId: actor.orgId,
        action: ANOMALY_DISMISSED,
        targetType: "api_key",
        targetId: key.id,
        metadata: { path: ["anomalyEventId"], equals: detected.id },
      },
      select: { id: true },
    });
    if (dismissed) return { anomalyEventId: detected.id, alreadyDismissed: true };
    const kind = (detected.metadata as { kind?: unknown } | null)?.kind;
    await recordAuditEvent(tx, {
      ...actorAuditFields(actor, request),
      action: ANOMALY_DISMISSED,
      targetType: "api_key",
      targetId: key.id,
      targetLabel: key.name,
      metadata: { anomalyEventId: detected.id, kind: typeof kind === "string" ? kind : null, at: now.toISOString() },
    });
    return { anomalyEventId: detected.id, alreadyDismissed: false };
  });
}
