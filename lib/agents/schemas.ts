// Allow-listed agent fields (SECURITY PA-07): ids, organization, environment and timestamps are
// never taken from the request.
import { z } from "zod";

const MAX_CONFIG_BYTES = 16 * 1024;

const AgentConfig = z
  .record(z.string().max(100), z.json())
  .refine((value) => JSON.stringify(value).length <= MAX_CONFIG_BYTES, `config must be at most ${MAX_CONFIG_BYTES} bytes of JSON`);

export const AgentStatus = z.enum(["active", "paused"]);

export const CreateAgentInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1000).nullable().optional(),
  status: AgentStatus.default("active"),
  config: AgentConfig.default({}),
});
export type CreateAgentInput = z.infer<typeof CreateAgentInput>;

export const UpdateAgentInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().trim().max(1000).nullable().optional(),
    status: AgentStatus.optional(),
    config: AgentConfig.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, "Send at least one field to change");
export type UpdateAgentInput = z.infer<typeof UpdateAgentInput>;

export const AgentId = z.uuid();
