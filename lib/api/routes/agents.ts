// /v1/agents: the organization's agents in the calling credential's environment.
import { z } from "zod";
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent, type AgentDto } from "../../agents/agents";
import { AgentStatus, CreateAgentInput, UpdateAgentInput } from "../../agents/schemas";
import type { Route } from "../../http/route";
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

// The documented shape must stay assignable to what the handlers return.
const Agent = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    status: AgentStatus,
    config: JsonObject,
    environment: EnvironmentSchema,
    ...timestamps,
  })
  .meta({ id: "Agent" }) satisfies z.ZodType<AgentDto>;

const tags = ["Agents"];

export const AGENT_ROUTES: Route[] = [
  apiRoute({
    method: "GET",
    path: "/v1/agents",
    scope: "read:agents",
    run: async (actor, request) => ({ status: 200, body: await listAgents(actor, parse(PageQuery, query(request))) }),
    doc: {
      operationId: "listAgents",
      summary: "List agents",
      description: "The key's organization's agents in the key's environment, newest first.",
      tags,
      request: { query: PageQuery },
      responses: { 200: response("A page of agents.", page(Agent, "AgentPage"), RATE_LIMIT) },
    },
  }),
  apiRoute({
    method: "POST",
    path: "/v1/agents",
    scope: "write:agents",
    run: async (actor, request) => ({
      status: 201,
      body: await createAgent(actor, parse(CreateAgentInput, jsonBody(request))),
    }),
    doc: {
      operationId: "createAgent",
      summary: "Create an agent",
      description: "Only the listed fields are accepted; `orgId`, `id` or `environment` in the body is refused.",
      tags,
      request: { body: documentedBody(CreateAgentInput.meta({ id: "CreateAgentInput" })) },
      responses: { 201: response("The created agent.", Agent, RATE_LIMIT) },
    },
  }),
  apiRoute({
    method: "GET",
    path: "/v1/agents/:id",
    scope: "read:agents",
    run: async (actor, request) => ({ status: 200, body: await getAgent(actor, pathId(request)) }),
    doc: {
      operationId: "getAgent",
      summary: "Get an agent",
      tags,
      request: { params: IdParams },
      responses: { 200: response("The agent.", Agent, RATE_LIMIT) },
      notFound: true,
    },
  }),
  apiRoute({
    method: "PATCH",
    path: "/v1/agents/:id",
    scope: "write:agents",
    run: async (actor, request) => ({
      status: 200,
      body: await updateAgent(actor, pathId(request), parse(UpdateAgentInput, jsonBody(request))),
    }),
    doc: {
      operationId: "updateAgent",
      summary: "Update an agent",
      description: "Any of the create fields; at least one.",
      tags,
      request: { params: IdParams, body: documentedBody(UpdateAgentInput.meta({ id: "UpdateAgentInput" })) },
      responses: { 200: response("The updated agent.", Agent, RATE_LIMIT) },
      notFound: true,
    },
  }),
  apiRoute({
    method: "DELETE",
    path: "/v1/agents/:id",
    scope: "write:agents",
    run: async (actor, request) => {
      await deleteAgent(actor, pathId(request));
      return { status: 204, body: null };
    },
    doc: {
      operationId: "deleteAgent",
      summary: "Delete an agent",
      tags,
      request: { params: IdParams },
      responses: { 204: response("Deleted.", undefined, RATE_LIMIT) },
      notFound: true,
    },
  }),
];
