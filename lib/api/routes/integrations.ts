// /v1/integrations: the organization's integrations in the calling credential's environment.
import { z } from "zod";
import type { Route } from "../../http/route";
import {
  createIntegration,
  deleteIntegration,
  listIntegrations,
  toIntegrationDto,
} from "../../integrations/integrations";
import { CreateIntegrationInput } from "../../integrations/schemas";
import { EnvironmentSchema, JsonObject, timestamps } from "../../openapi/components";
import { collectionRoutes } from "../collection-routes";

type IntegrationDto = ReturnType<typeof toIntegrationDto>;
const Integration = z
  .object({
    id: z.uuid(),
    provider: z.string(),
    name: z.string(),
    status: z.string(),
    config: JsonObject,
    environment: EnvironmentSchema,
    ...timestamps,
  })
  .meta({ id: "Integration" }) satisfies z.ZodType<Omit<IntegrationDto, "status" | "config">>;

// The contract puts the whole collection, listing included, under write:integrations (PA-08).
export const INTEGRATION_ROUTES: Route[] = collectionRoutes({
  path: "/v1/integrations",
  noun: "Integration",
  schema: Integration,
  tag: "Integrations",
  scopes: { read: "write:integrations", write: "write:integrations" },
  list: { run: listIntegrations },
  create: { input: CreateIntegrationInput, run: createIntegration },
  remove: deleteIntegration,
});
