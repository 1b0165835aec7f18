// Next's request proxy (formerly middleware): headers decided when the server runs, not when it was
// built. HSTS follows the running server's APP_URL, so an image built without one (the Dockerfile)
// and run behind https sends it on every page (SA-11). The route table's paths carry their own
// headers (lib/http/security-headers.ts) and never reach here.
import { NextResponse } from "next/server";
import { HSTS_VALUE } from "./lib/http/security-headers";
import { peekRuntime } from "./lib/runtime/current";

export function proxy() {
  const response = NextResponse.next();
  const appUrl = peekRuntime()?.env.APP_URL ?? process.env.APP_URL ?? "";
  if (appUrl.startsWith("https://")) response.headers.set("Strict-Transport-Security", HSTS_VALUE);
  return response;
}

export const config = {
  matcher: ["/((?!v1/|\\.well-known/|_next/static/|_next/image/|healthz$|readyz$|metrics$|openapi\\.json$).*)"],
};
