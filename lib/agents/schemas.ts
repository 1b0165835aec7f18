// Allow-listed agent fields (PA-07): ids, organization, environment and timestamps are
// never taken from the request.
import { z } from "zod";
import { safeJsonObject, safeText } from "../validation/text";

const MAX_CONFIG_BYTES = 16 * 1024;

const AgentConfig = safeJsonObject(MAX_CONFIG_BYTES);
const AgentName = safeText(z.string().trim().min(1).max(100));
const AgentDescription = safeText(z.string().trim().max(1000)).nullable();

export const AgentStatus = z.enum(["active", "paused"]);

export const CreateAgentInput = z.strictObject({
  name: AgentName,
  description: AgentDescription.optional(),
  status: AgentStatus.default("active"),
  config: AgentConfig.default({}),
});
export type CreateAgentInput = z.infer<typeof CreateAgentInput>;

export const UpdateAgentInput = z
  .strictObject({
    name: AgentName.optional(),
    description: AgentDescription.optional(),
    status: AgentStatus.optional(),
    config: AgentConfig.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, "Send at least one field to change");
export type UpdateAgentInput = z.infer<typeof UpdateAgentInput>;

export const AgentId = z.uuid();
