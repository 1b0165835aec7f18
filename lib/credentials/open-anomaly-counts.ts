// How many anomaly flags (lib/anomalies) are open per key, for the credentials list's badges. Here,
// not in lib/anomalies, so the dependency runs one way: anomalies build on credentials.
import { getDb, type Db } from "../db/client";

export const ANOMALY_DETECTED = "credential.anomaly_detected";
export const ANOMALY_DISMISSED = "credential.anomaly_dismissed";

/**
 * Open-flag counts for the given keys of `orgId` (only keys with at least one appear). Bounded to
 * one page of the list: the (org_id, target_type, target_id, created_at) index serves it.
 */
export async function countOpenAnomalies(
  orgId: string,
  credentialIds: string[],
  { db = getDb() }: { db?: Db } = {},
): Promise<Record<string, number>> {
  if (credentialIds.length === 0) return {};
  const rows = await db.$queryRaw<Array<{ target_id: string; n: number }>>`
    SELECT d.target_id, COUNT(*)::int AS n
    FROM audit_events d
    WHERE d.org_id = ${orgId}::uuid AND d.target_type = 'api_key' AND d.target_id = ANY(${credentialIds}::text[])
      AND d.action = ${ANOMALY_DETECTED}
      AND NOT EXISTS (
        SELECT 1 FROM audit_events x
        WHERE x.org_id = d.org_id AND x.target_type = 'api_key' AND x.target_id = d.target_id
          AND x.action = ${ANOMALY_DISMISSED} AND x.metadata->>'anomalyEventId' = d.id::text)
    GROUP BY d.target_id`;
  return Object.fromEntries(rows.map((row) => [row.target_id, Number(row.n)]));
}
