// GET /api/orgs/{orgSlug}/credentials/{credentialId}/usage?range=24h|7d|30d — one key's usage
// chart data, summary, last use and (owners and admins only) recent failures for the detail
// page's react-query.
// Session-authenticated, member-only, same-origin only, never cached.
import { z } from "zod";
import { CredentialUsageQuery, getCredentialUsage } from "@/lib/analytics/credential-usage";
import { getActor, getSessionUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/runtime/current";
import { isAppError } from "@/lib/errors";
import { isSameOriginRequest } from "@/lib/http/same-origin";
import { getLogger } from "@/lib/log/logger";

const NO_STORE = { "Cache-Control": "no-store" };
const error = (status: number, code: string, message: string) =>
  Response.json({ error: code, message }, { status, headers: NO_STORE });

const CredentialId = z.uuid();

export async function GET(
  request: Request,
  { params }: { params: Promise<{ orgSlug: string; credentialId: string }> },
) {
  if (!isSameOriginRequest(request, getEnv().APP_URL))
    return error(403, "forbidden", "Cross-site requests are refused.");
  const { orgSlug, credentialId } = await params;
  try {
    if (!(await getSessionUser())) return error(401, "unauthenticated", "Your session has ended. Sign in again.");
    const actor = await getActor(orgSlug);
    // Another organization's slug or key answers exactly like one that does not exist.
    if (!actor || !CredentialId.safeParse(credentialId).success) return error(404, "not_found", "Not found.");
    const { range } = CredentialUsageQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    // Every role may read every key's usage (SA-08); its recent failures come from the
    // audit log, so the use case leaves them out (null) for roles without audit:read.
    const usage = await getCredentialUsage(actor, credentialId, range, new Date());
    return Response.json(usage, { headers: NO_STORE });
  } catch (err) {
    if (isAppError(err) && err.code === "not_found") return error(404, "not_found", "Not found.");
    getLogger().error({ err }, "reading credential usage failed");
    return error(500, "internal", "Something went wrong. Try again.");
  }
}
