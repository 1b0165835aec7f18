// Cookie-authenticated route handlers get their own cross-site check (SA-04): Next checks
// Origin for server actions only. Browsers send Sec-Fetch-Site on secure origins; on a plain-HTTP
// self-hosted origin they may send neither header for a same-origin GET, which is then allowed
// (cross-site reads are still blocked by the same-origin policy: we send no CORS headers).
export function isSameOriginRequest(request: Request, appUrl: string): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = request.headers.get("origin");
  if (!origin) return true;
  return origin === new URL(appUrl).origin || origin === new URL(request.url).origin;
}
