"use client";
// The one-time reveal after create and rotate: Client ID and Client Secret in read-only fields with
// copy buttons, a .env snippet and a curl example with the secret masked until "Show". The secret
// is only in this component's props (from the mutation result); nothing here stores it.
import { Eye, EyeOff, TriangleAlert } from "lucide-react";
import { useId, useState } from "react";

import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export type SecretRevealProps = {
  clientId: string;
  clientSecret: string;
  appUrl: string;
};

const MASK = "•".repeat(24);

export function SecretReveal({ clientId, clientSecret, appUrl }: SecretRevealProps) {
  const id = useId();
  const [isCurlShown, setIsCurlShown] = useState(false);
  const env = `WORKFLUX_CLIENT_ID=${clientId}\nWORKFLUX_CLIENT_SECRET=${clientSecret}`;
  const curl = (secret: string) =>
    [
      `curl -X POST ${appUrl.replace(/\/+$/, "")}/v1/auth/token \\`,
      `  -H 'Content-Type: application/json' \\`,
      `  -d '{"client_id":"${clientId}","client_secret":"${secret}","grant_type":"client_credentials"}'`,
    ].join("\n");

  return (
    <div className="grid min-w-0 gap-4">
      <div className="flex gap-2 rounded-md border border-warning-border bg-warning-surface p-3 text-sm text-warning-foreground">
        <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        <p>
          <strong className="font-semibold">Copy the Client Secret now.</strong> You won&apos;t be able to see this
          secret again; afterwards only its first and last characters are shown.
        </p>
      </div>

      <div className="grid gap-2">
        <Label htmlFor={`${id}-client-id`}>Client ID</Label>
        <div className="flex items-center gap-2">
          <Input
            id={`${id}-client-id`}
            readOnly
            value={clientId}
            className="font-mono"
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={clientId} label="Client ID" targetId={`${id}-client-id`} />
        </div>
      </div>

      <div className="grid gap-2">
        <Label htmlFor={`${id}-client-secret`}>Client Secret</Label>
        <div className="flex items-center gap-2">
          <Input
            id={`${id}-client-secret`}
            readOnly
            value={clientSecret}
            className="font-mono"
            autoComplete="off"
            spellCheck={false}
            data-secret
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={clientSecret} label="Client Secret" targetId={`${id}-client-secret`} />
        </div>
      </div>

      <section aria-labelledby={`${id}-env-heading`} className="min-w-0 rounded-lg border border-border bg-muted">
        <div className="flex items-center justify-between gap-2 border-b border-border px-3 py-1.5">
          <h3 id={`${id}-env-heading`} className="text-xs font-medium text-muted-foreground">
            .env
          </h3>
          <CopyButton value={env} label=".env snippet" targetId={`${id}-env`} size="sm">
            Copy
          </CopyButton>
        </div>
        <pre id={`${id}-env`} tabIndex={0} className="overflow-x-auto p-3 font-mono text-xs leading-relaxed">
          <code>{env}</code>
        </pre>
      </section>

      <section aria-labelledby={`${id}-curl-heading`} className="min-w-0 rounded-lg border border-border bg-muted">
        <div className="flex items-center justify-between gap-2 border-b border-border px-3 py-1.5">
          <h3 id={`${id}-curl-heading`} className="text-xs font-medium text-muted-foreground">
            Request a token
          </h3>
          <div className="flex items-center gap-1">
            <Button
              variant="ghost"
              size="sm"
              aria-pressed={isCurlShown}
              onClick={() => setIsCurlShown((shown) => !shown)}
            >
              {isCurlShown ? <EyeOff aria-hidden="true" /> : <Eye aria-hidden="true" />}
              {isCurlShown ? "Hide" : "Show"}
              <span className="sr-only"> secret in the command</span>
            </Button>
            <CopyButton
              value={curl(clientSecret)}
              label="token request command"
              targetId={isCurlShown ? `${id}-curl` : undefined}
              size="sm"
            >
              Copy
            </CopyButton>
          </div>
        </div>
        <pre id={`${id}-curl`} tabIndex={0} className="overflow-x-auto p-3 font-mono text-xs leading-relaxed">
          <code>{curl(isCurlShown ? clientSecret : MASK)}</code>
        </pre>
      </section>
    </div>
  );
}
