// /v1/agents: the organization's agents in the calling credential's environment.
import { z } from "zod";
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent, type AgentDto } from "../../agents/agents";
import { AgentStatus, CreateAgentInput, UpdateAgentInput } from "../../agents/schemas";
import type { Route } from "../../http/route";
import { EnvironmentSchema, JsonObject, timestamps } from "../../openapi/components";
import { collectionRoutes } from "../collection-routes";

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

export const AGENT_ROUTES: Route[] = collectionRoutes({
  path: "/v1/agents",
  noun: "Agent",
  schema: Agent,
  tag: "Agents",
  scopes: { read: "read:agents", write: "write:agents" },
  list: { run: listAgents, description: "The key's organization's agents in the key's environment, newest first." },
  create: {
    input: CreateAgentInput,
    run: createAgent,
    description: "Only the listed fields are accepted; `orgId`, `id` or `environment` in the body is refused.",
  },
  get: getAgent,
  update: { input: UpdateAgentInput, run: updateAgent, description: "Any of the create fields; at least one." },
  remove: deleteAgent,
});
