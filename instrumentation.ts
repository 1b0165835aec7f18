// `next start` (or a host that runs Next without server.ts): Next calls `register` once per server
// process before the first request; the Node.js server boots the runtime there. Under server.ts
// the runtime is already started and this does nothing.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { registerNode } = await import("./lib/runtime/register-node");
  await registerNode();
}
