// GET /docs/assets/{file}: Swagger UI's stylesheet and bundle from node_modules/swagger-ui-dist
// (pinned in package.json), plus the few lines that start it. Only the names below are served,
// so no path from the request ever reaches the file system; nothing is loaded from another host.
import { readFile } from "node:fs/promises";
import path from "node:path";

export const dynamic = "force-dynamic";

const FROM_PACKAGE: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

// A same-origin script rather than an inline one, so a stricter script-src keeps working.
const INITIALIZER = `window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: "none",
    tryItOutEnabled: false,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
`;

const cache = new Map<string, Buffer>();

async function packageFile(name: string): Promise<Buffer> {
  let body = cache.get(name);
  if (!body) {
    body = await readFile(path.join(process.cwd(), "node_modules", "swagger-ui-dist", name));
    cache.set(name, body);
  }
  return body;
}

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const headers = { "Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff" };
  if (file === "swagger-initializer.js") {
    return new Response(INITIALIZER, { headers: { ...headers, "Content-Type": "text/javascript; charset=utf-8" } });
  }
  const contentType = Object.hasOwn(FROM_PACKAGE, file) ? FROM_PACKAGE[file] : undefined;
  if (!contentType) {
    return Response.json(
      { error: "not_found", error_description: "No such file." },
      { status: 404, headers: { "Cache-Control": "no-store" } },
    );
  }
  return new Response(new Uint8Array(await packageFile(file)), {
    headers: { ...headers, "Content-Type": contentType },
  });
}
