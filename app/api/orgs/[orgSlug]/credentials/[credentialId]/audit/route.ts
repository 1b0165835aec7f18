// GET /api/orgs/{orgSlug}/credentials/{credentialId}/audit?cursor=… — the next page of one key's
// audit trail for the detail page's "Load more" (owners and admins only, LG-02).
// Session-authenticated, member-only, same-origin only, never cached.
import { z } from "zod";
import { getActor, getSessionUser } from "@/lib/auth/session";
import { CredentialAuditTrailQuery, listCredentialAuditTrail } from "@/lib/credentials/list-credential-audit-trail";
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
    const query = CredentialAuditTrailQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    return Response.json(await listCredentialAuditTrail(actor, credentialId, query), { headers: NO_STORE });
  } catch (err) {
    if (isAppError(err) && err.code === "not_found") return error(404, "not_found", "Not found.");
    if (isAppError(err) && err.code === "forbidden") return error(403, "forbidden", "Visible to owners and admins.");
    getLogger().error({ err }, "reading a key's audit trail failed");
    return error(500, "internal", "Something went wrong. Try again.");
  }
}
