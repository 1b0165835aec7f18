// The Agents page: what the platform API created, per environment. Read-only for every role; the
// environment tabs are links (`?env=`), so the view is shareable and works without JavaScript.
import { Bot } from "lucide-react";
import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { CodeBlock } from "@/components/ui/code-block";
import { AGENTS_PAGE_SIZE, type ListOrgAgentsQuery, type OrgAgentList } from "@/lib/agents/list-org-agents";

import { EnvironmentBadge } from "../credentials/credential-badges";
import { formatDateTime } from "../credentials/format";

const TABS: Array<{ env: ListOrgAgentsQuery["env"]; label: string }> = [
  { env: "all", label: "All" },
  { env: "production", label: "Production" },
  { env: "staging", label: "Staging" },
  { env: "development", label: "Development" },
];

export function AgentsView({
  orgSlug,
  appUrl,
  env,
  list,
}: {
  orgSlug: string;
  appUrl: string;
  env: ListOrgAgentsQuery["env"];
  list: OrgAgentList;
}) {
  const base = `/${encodeURIComponent(orgSlug)}/agents`;
  return (
    <div className="grid gap-6">
      <div className="grid gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Agents</h1>
        <p className="max-w-prose text-sm text-muted-foreground">
          Agents your servers created through the WorkFlux API. Each belongs to the environment of the API key that
          created it; change them through the API.
        </p>
      </div>

      {list.counts.all === 0 ? (
        <EmptyState appUrl={appUrl} credentialsHref={`/${encodeURIComponent(orgSlug)}/settings/api-credentials`} />
      ) : (
        <>
          <nav aria-label="Environment" className="w-fit">
            <ul className="inline-flex flex-wrap rounded-md border border-border bg-muted p-1">
              {TABS.map((tab) => (
                <li key={tab.env}>
                  <Link
                    href={tab.env === "all" ? base : `${base}?env=${tab.env}`}
                    aria-current={env === tab.env ? "page" : undefined}
                    className={cn(
                      "block rounded-sm px-3 py-1.5 text-sm font-medium text-muted-foreground hover:text-foreground",
                      env === tab.env && "bg-background text-foreground shadow-sm",
                    )}
                  >
                    {tab.label} <span className="tabular-nums">({list.counts[tab.env]})</span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {list.items.length === 0 ? (
            <p className="rounded-lg border border-dashed border-border p-6 text-sm">No agents in this environment.</p>
          ) : (
            <AgentsTable list={list} />
          )}
        </>
      )}
    </div>
  );
}

function AgentsTable({ list }: { list: OrgAgentList }) {
  return (
    <div className="grid gap-3">
      <div className="overflow-x-auto rounded-lg border border-border">
        <table className="w-full min-w-[40rem] text-left text-sm">
          <caption className="sr-only">Agents</caption>
          <thead className="border-b border-border bg-surface text-xs text-muted-foreground">
            <tr>
              {["Name", "Status", "Environment", "Created", "Updated"].map((header) => (
                <th key={header} scope="col" className="px-3 py-2 font-medium">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {list.items.map((agent) => (
              <tr key={agent.id} className="align-top" data-agent-id={agent.id}>
                <td className="px-3 py-3">
                  <span className="font-medium break-all">{agent.name}</span>
                  {agent.description ? (
                    <span className="block text-xs text-muted-foreground">{agent.description}</span>
                  ) : null}
                  <code className="block font-mono text-xs text-muted-foreground">{agent.id}</code>
                </td>
                <td className="px-3 py-3">
                  <Badge variant={agent.status === "active" ? "success" : "muted"}>
                    {agent.status === "active" ? "Active" : agent.status === "paused" ? "Paused" : agent.status}
                  </Badge>
                </td>
                <td className="px-3 py-3">
                  <EnvironmentBadge environment={agent.environment} />
                </td>
                <td className="px-3 py-3 whitespace-nowrap">
                  <time dateTime={agent.createdAt} suppressHydrationWarning>
                    {formatDateTime(agent.createdAt)}
                  </time>
                </td>
                <td className="px-3 py-3 whitespace-nowrap">
                  <time dateTime={agent.updatedAt} suppressHydrationWarning>
                    {formatDateTime(agent.updatedAt)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.hasMore ? (
        <p className="text-sm text-muted-foreground">
          Showing the newest {AGENTS_PAGE_SIZE}. List them all with GET /v1/agents.
        </p>
      ) : null}
    </div>
  );
}

const CURL_ID = "create-agent-curl";

function EmptyState({ appUrl, credentialsHref }: { appUrl: string; credentialsHref: string }) {
  const curl = [
    `curl -X POST ${appUrl.replace(/\/+$/, "")}/v1/agents \\`,
    `  -H 'Authorization: Bearer <access_token>' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"name":"Invoice bot","description":"Reads incoming invoices"}'`,
  ].join("\n");
  return (
    <div className="grid gap-6 rounded-lg border border-dashed border-border p-6">
      <div className="flex gap-3">
        <Bot aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-muted-foreground" />
        <div className="grid gap-1">
          <h2 className="text-base font-semibold">No agents yet</h2>
          <p className="text-sm text-muted-foreground">
            Agents are created through the API with <code className="font-mono text-foreground">POST /v1/agents</code>,
            using an access token of an API key with the <code className="font-mono text-foreground">write:agents</code>{" "}
            scope. The agent joins that key&apos;s environment. Get a key under{" "}
            <Link href={credentialsHref} className="font-medium text-foreground underline underline-offset-4">
              API Credentials
            </Link>
            .
          </p>
        </div>
      </div>
      <CodeBlock id={CURL_ID} code={curl} copyLabel="create agent command" />
    </div>
  );
}
