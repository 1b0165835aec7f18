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
import {
  EnvironmentSchema,
  IdParams,
  JsonObject,
  jsonBody as documentedBody,
  page,
  RATE_LIMIT,
  response,
  timestamps,
} from "../../openapi/components";
import { PageQuery } from "../../pagination/id-cursor";
import { apiRoute } from "../api-route";
import { jsonBody, parse, pathId, query } from "../request-input";

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

const tags = ["Integrations"];

export const INTEGRATION_ROUTES: Route[] = [
  apiRoute({
    method: "GET",
    path: "/v1/integrations",
    scope: "write:integrations",
    run: async (actor, request) => ({
      status: 200,
      body: await listIntegrations(actor, parse(PageQuery, query(request))),
    }),
    doc: {
      operationId: "listIntegrations",
      summary: "List integrations",
      tags,
      request: { query: PageQuery },
      responses: { 200: response("A page of integrations.", page(Integration, "IntegrationPage"), RATE_LIMIT) },
    },
  }),
  apiRoute({
    method: "POST",
    path: "/v1/integrations",
    scope: "write:integrations",
    run: async (actor, request) => ({
      status: 201,
      body: await createIntegration(actor, parse(CreateIntegrationInput, jsonBody(request))),
    }),
    doc: {
      operationId: "createIntegration",
      summary: "Create an integration",
      tags,
      request: { body: documentedBody(CreateIntegrationInput.meta({ id: "CreateIntegrationInput" })) },
      responses: { 201: response("The created integration.", Integration, RATE_LIMIT) },
    },
  }),
  apiRoute({
    method: "DELETE",
    path: "/v1/integrations/:id",
    scope: "write:integrations",
    run: async (actor, request) => {
      await deleteIntegration(actor, pathId(request));
      return { status: 204, body: null };
    },
    doc: {
      operationId: "deleteIntegration",
      summary: "Delete an integration",
      tags,
      request: { params: IdParams },
      responses: { 204: response("Deleted.", undefined, RATE_LIMIT) },
      notFound: true,
    },
  }),
];
