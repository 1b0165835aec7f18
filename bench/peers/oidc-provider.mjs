// The peer: node-oidc-provider (npm `oidc-provider`) with one client-credentials client, issuing
// ES256 JWT access tokens for one resource server, as close as it gets to our token endpoint.
// Usage: node bench/peers/oidc-provider.mjs PORT CLIENT_ID CLIENT_SECRET  (prints "ready")
import { createServer } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

const [port, clientId, clientSecret] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const audience = `${issuer}/v1`;
const scope = "read:agents write:agents";

const { privateKey } = await generateKeyPair("ES256", { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: "peer-es256", alg: "ES256", use: "sig" };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ["client_credentials"],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: "client_secret_post",
      id_token_signed_response_alg: "ES256",
      scope,
    },
  ],
  jwks: { keys: [signingKey] },
  scopes: scope.split(" "),
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope,
        audience,
        accessTokenTTL: 3600,
        accessTokenFormat: "jwt",
        jwt: { sign: { alg: "ES256" } },
      }),
    },
  },
});

createServer(provider.callback()).listen(Number(port), "127.0.0.1", () => process.stdout.write("ready\n"));
