// The platform API's entries of the route table, one file per resource.
import type { Route } from "../http/route";
import { AGENT_ROUTES } from "./routes/agents";
import { ANALYTICS_ROUTES } from "./routes/analytics";
import { INTEGRATION_ROUTES } from "./routes/integrations";

export const API_ROUTES: Route[] = [...AGENT_ROUTES, ...ANALYTICS_ROUTES, ...INTEGRATION_ROUTES];
