import { CodeBlock } from "@/components/ui/code-block";

export type TokenRequestExampleProps = {
  /** The portal's public base URL (APP_URL), without a trailing slash. */
  appUrl: string;
  /** Link to the API authentication guide. */
  guideHref: string;
};

const CURL_ID = "token-request-curl";

/** The token request from the guide, pointed at this installation, with placeholder credentials. */
export function TokenRequestExample({ appUrl, guideHref }: TokenRequestExampleProps) {
  const tokenUrl = `${appUrl.replace(/\/+$/, "")}/v1/auth/token`;
  const curl = [
    `curl -X POST ${tokenUrl} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"client_id":"your_client_id","client_secret":"your_client_secret","grant_type":"client_credentials"}'`,
  ].join("\n");

  return (
    <section aria-labelledby="token-request-heading" className="grid gap-3">
      <h2 id="token-request-heading" className="text-base font-semibold">
        Request an access token
      </h2>
      <p className="text-sm text-muted-foreground">
        Exchange a key&apos;s Client ID and Client Secret for an access token that is valid for one hour, then send it
        as <code className="font-mono text-foreground">Authorization: Bearer &lt;access_token&gt;</code>.
      </p>
      <CodeBlock id={CURL_ID} code={curl} copyLabel="token request command" />
      <p className="text-sm">
        <a href={guideHref} className="font-medium underline underline-offset-4 hover:text-muted-foreground">
          Read the API authentication guide
        </a>{" "}
        <span className="text-muted-foreground">for scopes, token refresh and error handling, or browse the</span>{" "}
        {/* /docs is a route handler serving its own document, not a page of this app. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/docs" className="font-medium underline underline-offset-4 hover:text-muted-foreground">
          API reference
        </a>
        <span className="text-muted-foreground">.</span>
      </p>
    </section>
  );
}
