// GET /api/orgs/{orgSlug}/credentials — one page of the organization's API keys as DTOs, for the
// dashboard's react-query list. Session-authenticated, member-only, same-origin only, never cached.
import { getActor, getSessionUser } from "@/lib/auth/session";
import { listCredentials } from "@/lib/credentials/list-credentials";
import { ListCredentialsQuery } from "@/lib/credentials/schemas";
import { isClientDataError } from "@/lib/db/pg-error";
import { getEnv } from "@/lib/runtime/current";
import { isSameOriginRequest } from "@/lib/http/same-origin";
import { getLogger } from "@/lib/log/logger";

const NO_STORE = { "Cache-Control": "no-store" };
const error = (status: number, code: string, message: string) =>
  Response.json({ error: code, message }, { status, headers: NO_STORE });

export async function GET(request: Request, { params }: { params: Promise<{ orgSlug: string }> }) {
  if (!isSameOriginRequest(request, getEnv().APP_URL))
    return error(403, "forbidden", "Cross-site requests are refused.");
  const { orgSlug } = await params;
  try {
    if (!(await getSessionUser())) return error(401, "unauthenticated", "Your session has ended. Sign in again.");
    const actor = await getActor(orgSlug);
    // Another organization's slug answers exactly like one that does not exist.
    if (!actor) return error(404, "not_found", "Not found.");
    const query = ListCredentialsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    const page = await listCredentials(actor, query);
    return Response.json(page, { headers: NO_STORE });
  } catch (err) {
    // The query schema already drops what PostgreSQL refuses (a NUL in the search); in case
    // anything slips through, it is the client's mistake, not a 500.
    if (isClientDataError(err))
      return error(400, "invalid_request", "The request holds a value that cannot be searched for.");
    getLogger().error({ err }, "listing credentials failed");
    return error(500, "internal", "Something went wrong. Try again.");
  }
}
