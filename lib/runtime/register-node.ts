// instrumentation.ts's Node.js half (kept apart so the Edge build never sees it): under `next start`
// the runtime is booted here as server.ts would boot it, and stopped on SIGTERM/SIGINT.
import { announceFirstSignIn, boot } from "./boot";
import { peekRuntime } from "./current";

export async function registerNode(): Promise<void> {
  if (peekRuntime()) return; // server.ts started it already
  const runtime = await boot(process.env);
  try {
    await announceFirstSignIn(runtime);
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  const stop = () => void runtime.stop().finally(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
