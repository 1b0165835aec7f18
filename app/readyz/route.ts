// GET /readyz: readiness. 200 when the database answers and migrations are applied, else 503.
import { getDb } from "@/lib/db/client";
import { checkReadiness } from "@/lib/health/readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const readiness = await checkReadiness(getDb());
  return Response.json(readiness, {
    status: readiness.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
