// GET /readyz: readiness. 200 when the database answers, migrations are applied and a signing
// key is loaded, else 503 naming the failing check.
import { getDb } from "@/lib/db/client";
import { checkReadiness } from "@/lib/health/readiness";
import { getSigningKeyStore } from "@/lib/signing-keys/signing-key-store";

export const dynamic = "force-dynamic";

export async function GET() {
  const readiness = await checkReadiness(getDb(), { signingKeyLoaded: () => getSigningKeyStore().current() !== undefined });
  return Response.json(readiness, {
    status: readiness.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
