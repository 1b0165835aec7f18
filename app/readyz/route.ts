// GET /readyz: readiness. 200 when the database answers, migrations are applied and a signing
// key is loaded, else 503 naming the failing check. With REDIS_URL set a "redis" check says
// whether Redis answers a PING ("degraded", still 200, while it does not: limits fall back).
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { checkReadiness } from "@/lib/health/readiness";
import { pingRedis } from "@/lib/rate-limit/limiter-store";
import { getSigningKeyStore } from "@/lib/signing-keys/signing-key-store";

export const dynamic = "force-dynamic";

export async function GET() {
  const readiness = await checkReadiness(getDb(), {
    signingKeyLoaded: () => getSigningKeyStore().current() !== undefined,
    redisPing: getEnv().REDIS_URL ? () => pingRedis() : undefined,
  });
  return Response.json(readiness, {
    status: readiness.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
