// GET /docs: the API reference, Swagger UI over /openapi.json, entirely from this app's own
// assets (no CDN, no external fonts, no validator badge), so it works on an air-gapped network
// and under the app's CSP (script-src 'self'; connect-src 'self'). A route handler rather than a
// page so the dashboard's layout and scripts stay out of it.
export const dynamic = "force-static";

const HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>API reference · WorkFlux</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
    <style>body { margin: 0; font-family: system-ui, sans-serif; } .wf-top { padding: 12px 20px; border-bottom: 1px solid #e5e7eb; font-size: 14px; } .wf-top a { color: #1d4ed8; }</style>
  </head>
  <body>
    <div class="wf-top"><strong>WorkFlux API reference</strong> · <a href="/openapi.json">openapi.json</a> · <a href="/docs/api-authentication-guide.txt">Authentication guide</a> · <a href="/">Dashboard</a></div>
    <main id="swagger-ui"><noscript>Swagger UI needs JavaScript; the raw document is at <a href="/openapi.json">/openapi.json</a>.</noscript></main>
    <script src="/docs/assets/swagger-ui-bundle.js" charset="utf-8"></script>
    <script src="/docs/assets/swagger-initializer.js" charset="utf-8"></script>
  </body>
</html>
`;

export function GET() {
  return new Response(HTML, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
