// Next route handlers for /v1 resources: Web Request → the same dispatcher server.ts's fast
// path calls → Web Response.
import { oauthRequestFromWeb, toWebResponse } from "../oauth/web-adapter";
import { getApiContext } from "./api-context";
import { dispatchApiRequest } from "./router";

export async function apiRoute(request: Request): Promise<Response> {
  const parsed = await oauthRequestFromWeb(request);
  const response = await dispatchApiRequest({ ...parsed, path: new URL(request.url).pathname }, await getApiContext());
  return toWebResponse(response, request.method);
}
