// A small TypeScript client for the WorkFlux API. It trades the client credentials for an access
// token, caches it, refreshes it shortly before it expires, lets concurrent callers share one
// in-flight refresh, and retries a request once with a fresh token when the API answers 401.
// Runs anywhere `fetch` exists (Node ≥ 18, browsers must never hold a client secret).

export type WorkfluxClientOptions = {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Optional narrower scope (space-separated); default: all of the key's scopes. */
  scope?: string;
  /** Refresh this long before `expires_in` runs out. Default 60 s. */
  refreshMarginSeconds?: number;
  fetch?: typeof fetch;
  now?: () => number;
};

export class WorkfluxAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string | undefined,
  ) {
    super(description ? `${error}: ${description}` : error);
    this.name = "WorkfluxAuthError";
  }
}

type CachedToken = { accessToken: string; expiresAtMs: number };

export class WorkfluxClient {
  private readonly options: Required<Omit<WorkfluxClientOptions, "scope">> & { scope?: string };
  private token: CachedToken | null = null;
  private inFlight: Promise<CachedToken> | null = null;

  constructor(options: WorkfluxClientOptions) {
    this.options = {
      refreshMarginSeconds: 60,
      fetch: globalThis.fetch.bind(globalThis),
      now: Date.now,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
    };
  }

  /** A valid access token, from the cache when it is not about to expire. */
  async getAccessToken(): Promise<string> {
    const margin = this.options.refreshMarginSeconds * 1000;
    if (this.token && this.token.expiresAtMs - margin > this.options.now()) return this.token.accessToken;
    return (await this.refresh()).accessToken;
  }

  /** Forgets the cached token; the next call fetches a new one. */
  invalidate(): void {
    this.token = null;
  }

  private refresh(): Promise<CachedToken> {
    this.inFlight ??= this.requestToken().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async requestToken(): Promise<CachedToken> {
    const body: Record<string, string> = {
      grant_type: "client_credentials",
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    };
    if (this.options.scope) body.scope = this.options.scope;
    const response = await this.options.fetch(`${this.options.baseUrl}/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
    const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok || typeof payload.access_token !== "string") {
      throw new WorkfluxAuthError(
        response.status,
        typeof payload.error === "string" ? payload.error : "token_request_failed",
        typeof payload.error_description === "string" ? payload.error_description : undefined,
      );
    }
    const expiresIn = typeof payload.expires_in === "number" ? payload.expires_in : 3600;
    this.token = { accessToken: payload.access_token, expiresAtMs: this.options.now() + expiresIn * 1000 };
    return this.token;
  }

  /** `fetch` against the API with the bearer token; one retry with a new token on 401. */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const send = async (token: string) => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      return this.options.fetch(`${this.options.baseUrl}${path}`, { ...init, headers });
    };
    const first = await send(await this.getAccessToken());
    if (first.status !== 401) return first;
    this.invalidate();
    return send(await this.getAccessToken());
  }
}
