// The API Credentials list: one keyset page plus per-environment counts for the tabs. Every role
// of the organization may read every key (SA-08); revoked and expired keys stay listed.
import { countOpenAnomalies } from "./open-anomaly-counts";
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { getDb } from "../db/client";
import type { Environment } from "../db/generated/enums";
import { toCredentialDto, type CredentialDto } from "./dto";
import { decodeTimeCursor, encodeTimeCursor } from "../pagination/time-cursor";
import { countCredentialsByEnvironment, listCredentialRows } from "./repo";
import type { ListCredentialsQuery } from "./schemas";
import type { UseCaseOptions } from "../use-case";

export const CREDENTIALS_PAGE_SIZE = 50;

export type CredentialCounts = Record<Environment | "all", number>;
export type CredentialListPage = {
  items: CredentialDto[];
  nextCursor: string | null;
  counts: CredentialCounts;
  /** Open (undismissed) anomaly flags per key id of this page; keys without any are absent. */
  openAnomalies: Record<string, number>;
};

export const encodeCursor = encodeTimeCursor;
export const decodeCursor = decodeTimeCursor;

export async function listCredentials(
  actor: Actor,
  query: ListCredentialsQuery,
  { db = getDb(), now = new Date(), pageSize = CREDENTIALS_PAGE_SIZE }: UseCaseOptions & { pageSize?: number } = {},
): Promise<CredentialListPage> {
  assertCan(actor, "credentials:read");
  const base = { status: query.status, search: query.q };
  const cursor = decodeCursor(query.cursor);
  const [page, byEnvironment] = await Promise.all([
    listCredentialRows(
      db,
      actor.orgId,
      { ...base, environment: query.env === "all" ? null : query.env },
      cursor,
      pageSize,
      now,
    ),
    // Counts only matter for the first page; later pages keep the ones the first page showed.
    cursor ? null : countCredentialsByEnvironment(db, actor.orgId, base, now),
  ]);
  // One indexed query bounded by the page's key ids, not the organization's whole audit log.
  const openAnomalies = await countOpenAnomalies(
    actor.orgId,
    page.rows.map((row) => row.id),
    { db },
  );
  const last = page.rows.at(-1);
  const counts = byEnvironment ?? { production: 0, staging: 0, development: 0 };
  return {
    items: page.rows.map((row) => toCredentialDto(row, now)),
    nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    counts: { all: counts.production + counts.staging + counts.development, ...counts },
    openAnomalies,
  };
}
