// Allow-listed integration fields (SECURITY PA-07).
import { z } from "zod";

const MAX_CONFIG_BYTES = 16 * 1024;

export const CreateIntegrationInput = z.strictObject({
  provider: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "provider must be 2-40 lowercase letters, digits or dashes"),
  name: z.string().trim().min(1).max(100),
  config: z
    .record(z.string().max(100), z.json())
    .refine((v) => JSON.stringify(v).length <= MAX_CONFIG_BYTES, `config must be at most ${MAX_CONFIG_BYTES} bytes of JSON`)
    .default({}),
});
export type CreateIntegrationInput = z.infer<typeof CreateIntegrationInput>;
