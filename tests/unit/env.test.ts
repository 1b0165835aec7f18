import { describe, expect, it } from "vitest";
import { apiAudience, assertProductionSecrets, isProductionDeployment, parseEnv, sessionPolicy } from "@/lib/env";

const SECRET = "x".repeat(43);
const KEK = Buffer.alloc(32, 7).toString("base64");

describe("environment", () => {
  it("applies the documented defaults and treats empty strings as unset", () => {
    const env = parseEnv({ APP_URL: "", DATABASE_URL: "", PORT: "" });
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.TRUST_PROXY).toBe(false);
  });

  it("an unset APP_URL follows PORT, so the printed sign-in URL is the one the server answers on", () => {
    expect(parseEnv({ PORT: "4100" }).APP_URL).toBe("http://localhost:4100");
    expect(parseEnv({ PORT: "4100", APP_URL: "https://portal.example.com" }).APP_URL).toBe(
      "https://portal.example.com",
    );
  });

  it("lists every invalid variable in one readable message", () => {
    expect(() => parseEnv({ APP_URL: "ftp://x", PORT: "99999", SIGNING_KEY_ENCRYPTION_KEY: "short" })).toThrow(
      /APP_URL[\s\S]*PORT[\s\S]*SIGNING_KEY_ENCRYPTION_KEY/,
    );
  });

  it("keeps sign-up closed unless ALLOW_SIGNUP is true, and refuses a value that is not a boolean", () => {
    expect(parseEnv({}).ALLOW_SIGNUP).toBe(false);
    expect(parseEnv({ ALLOW_SIGNUP: "" }).ALLOW_SIGNUP).toBe(false);
    expect(parseEnv({ ALLOW_SIGNUP: "false" }).ALLOW_SIGNUP).toBe(false);
    expect(parseEnv({ ALLOW_SIGNUP: "true" }).ALLOW_SIGNUP).toBe(true);
    for (const value of ["yes", "TRUE", "on"]) expect(() => parseEnv({ ALLOW_SIGNUP: value })).toThrow(/ALLOW_SIGNUP/);
  });

  it("takes the SSO providers' variables all or none, and an http(s) OIDC issuer (SO-01)", () => {
    const env = parseEnv({});
    expect(env.GITHUB_ID).toBeUndefined();
    expect(env.OIDC_DISPLAY_NAME).toBe("Single sign-on");
    expect(() => parseEnv({ GITHUB_ID: "id" })).toThrow(/GITHUB_ID, GITHUB_SECRET: set all of them or none/);
    expect(() => parseEnv({ GOOGLE_CLIENT_SECRET: "s" })).toThrow(/GOOGLE_CLIENT_ID/);
    expect(() => parseEnv({ OIDC_ISSUER: "https://idp.example.com", OIDC_CLIENT_ID: "c" })).toThrow(/OIDC_ISSUER/);
    expect(() => parseEnv({ OIDC_ISSUER: "ftp://idp", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s" })).toThrow(
      /OIDC_ISSUER: must be an http\(s\) URL/,
    );
    const oidc = parseEnv({
      OIDC_ISSUER: "https://idp.example.com/realms/acme/",
      OIDC_CLIENT_ID: "c",
      OIDC_CLIENT_SECRET: "s",
      OIDC_DISPLAY_NAME: "Acme SSO",
    });
    expect(oidc.OIDC_ISSUER).toBe("https://idp.example.com/realms/acme");
    expect(oidc.OIDC_DISPLAY_NAME).toBe("Acme SSO");
    expect(parseEnv({ GITHUB_ID: "", GITHUB_SECRET: "" }).GITHUB_ID).toBeUndefined();
  });

  it("strips a trailing slash from APP_URL so the issuer is exact", () => {
    expect(parseEnv({ APP_URL: "https://api.example.com/" }).APP_URL).toBe("https://api.example.com");
  });

  it("refuses a production deployment without an auth secret and signing-key encryption key", () => {
    const env = parseEnv({ NODE_ENV: "production", APP_URL: "https://portal.example.com" });
    expect(isProductionDeployment(env)).toBe(true);
    expect(() => assertProductionSecrets(env)).toThrow(/NEXTAUTH_SECRET.*SIGNING_KEY_ENCRYPTION_KEY/);
  });

  it("starts a production deployment once both secrets are set", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      APP_URL: "https://portal.example.com",
      NEXTAUTH_SECRET: SECRET,
      SIGNING_KEY_ENCRYPTION_KEY: KEK,
    });
    expect(() => assertProductionSecrets(env)).not.toThrow();
    expect(env.authSecret).toBe(SECRET);
  });

  it("refuses an issuer with a query or fragment, and a production deployment over plain http", () => {
    expect(() => parseEnv({ APP_URL: "https://portal.example.com/?a=b" })).toThrow(
      /APP_URL: must not contain a query or fragment/,
    );
    expect(() => parseEnv({ APP_URL: "https://portal.example.com/#x" })).toThrow(/APP_URL/);
    const http = parseEnv({
      NODE_ENV: "production",
      APP_URL: "http://portal.example.com",
      NEXTAUTH_SECRET: SECRET,
      SIGNING_KEY_ENCRYPTION_KEY: KEK,
    });
    expect(() => assertProductionSecrets(http)).toThrow(/https APP_URL/);
  });

  it("lets `npm start` on localhost run with generated secrets (the quickstart)", () => {
    const env = parseEnv({ NODE_ENV: "production" });
    expect(isProductionDeployment(env)).toBe(false);
    expect(() => assertProductionSecrets(env)).not.toThrow();
  });

  it("refuses ADMIN_PASSWORD without ADMIN_EMAIL and short admin passwords", () => {
    expect(() => parseEnv({ ADMIN_PASSWORD: "a-long-enough-password" })).toThrow(/ADMIN_EMAIL/);
    expect(() => parseEnv({ ADMIN_EMAIL: "a@b.co", ADMIN_PASSWORD: "short" })).toThrow(/ADMIN_PASSWORD/);
  });

  it("serves the route table from server.ts by default; FAST_PATH=0 hands everything to Next", () => {
    expect(parseEnv({}).FAST_PATH).toBe(true);
    expect(parseEnv({ FAST_PATH: "" }).FAST_PATH).toBe(true);
    expect(parseEnv({ FAST_PATH: "0" }).FAST_PATH).toBe(false);
    expect(parseEnv({ FAST_PATH: "false" }).FAST_PATH).toBe(false);
    expect(parseEnv({ FAST_PATH: "1" }).FAST_PATH).toBe(true);
    expect(() => parseEnv({ FAST_PATH: "yes" })).toThrow(/FAST_PATH/);
  });

  it("gives access tokens an audience of their own, never the issuer", () => {
    expect(apiAudience(parseEnv({ APP_URL: "https://portal.example.com/" }))).toBe("https://portal.example.com/v1");
    expect(apiAudience(parseEnv({ API_AUDIENCE: "https://api.example.com" }))).toBe("https://api.example.com");
    expect(() =>
      parseEnv({ APP_URL: "https://portal.example.com", API_AUDIENCE: "https://portal.example.com/" }),
    ).toThrow(/API_AUDIENCE: must differ from APP_URL/);
  });

  it("takes SMTP settings only as an smtp(s):// URL with a From address", () => {
    const env = parseEnv({
      SMTP_URL: "smtps://u:p@mail.example.com:465",
      EMAIL_FROM: "WorkFlux <no-reply@example.com>",
    });
    expect(env.SMTP_URL).toBe("smtps://u:p@mail.example.com:465");
    expect(parseEnv({ SMTP_URL: "smtp://127.0.0.1:25", EMAIL_FROM: "ops@example.com" }).EMAIL_FROM).toBe(
      "ops@example.com",
    );
    expect(() => parseEnv({ SMTP_URL: "http://mail.example.com", EMAIL_FROM: "a@example.com" })).toThrow(/SMTP_URL/);
    expect(() => parseEnv({ SMTP_URL: "smtp://mail.example.com" })).toThrow(/EMAIL_FROM/);
    expect(() => parseEnv({ SMTP_URL: "smtp://mail.example.com", EMAIL_FROM: "not an address" })).toThrow(/EMAIL_FROM/);
  });

  it("ends dashboard sessions after 7 idle days and 30 days at most unless configured", () => {
    expect(sessionPolicy(parseEnv({}))).toEqual({ idleTimeoutMs: 7 * 86_400_000, maxAgeMs: 30 * 86_400_000 });
    expect(sessionPolicy(parseEnv({ SESSION_IDLE_TIMEOUT_HOURS: "0.5", SESSION_MAX_AGE_HOURS: "12" }))).toEqual({
      idleTimeoutMs: 1_800_000,
      maxAgeMs: 43_200_000,
    });
    expect(() => parseEnv({ SESSION_IDLE_TIMEOUT_HOURS: "48", SESSION_MAX_AGE_HOURS: "24" })).toThrow(
      /SESSION_IDLE_TIMEOUT_HOURS: must not exceed SESSION_MAX_AGE_HOURS/,
    );
    expect(() => parseEnv({ SESSION_MAX_AGE_HOURS: "0" })).toThrow(/SESSION_MAX_AGE_HOURS/);
  });
});
