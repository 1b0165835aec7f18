// GET /openapi.json: the OpenAPI 3.1 document (lib/openapi/document.ts) for this deployment's APP_URL.
import { getEnv } from "@/lib/env";
import { openApiJson } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

export function GET() {
  return new Response(openApiJson(getEnv().APP_URL), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
