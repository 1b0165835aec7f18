// Allow-listed integration fields (PA-07).
import { z } from "zod";
import { safeJsonObject, safeText } from "../validation/text";

const MAX_CONFIG_BYTES = 16 * 1024;

export const CreateIntegrationInput = z.strictObject({
  provider: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "provider must be 2-40 lowercase letters, digits or dashes"),
  name: safeText(z.string().trim().min(1).max(100)),
  config: safeJsonObject(MAX_CONFIG_BYTES).default({}),
});
export type CreateIntegrationInput = z.infer<typeof CreateIntegrationInput>;
