// /v1/analytics/usage: usage per credential and UTC day, in the calling credential's environment.
import { z } from "zod";
import {
  getUsageReport,
  MAX_USAGE_RANGE_DAYS,
  REQUEST_OUTCOMES,
  UsageQuery,
  type OrgUsageRow,
} from "../../analytics/usage";
import type { Route } from "../../http/route";
import { RATE_LIMIT, response } from "../../openapi/components";
import { apiRoute } from "../api-route";
import { parse, query } from "../request-input";

const RequestCounts = z.object(
  Object.fromEntries(REQUEST_OUTCOMES.map((o) => [o, z.number().int()])) as Record<
    (typeof REQUEST_OUTCOMES)[number],
    z.ZodNumber
  >,
);
const UsageRow = z
  .object({
    client_id: z.string(),
    key_name: z.string(),
    date: z.iso.date(),
    requests: RequestCounts,
    token_issuances: z.number().int(),
    token_failures: z.number().int(),
  })
  .meta({ id: "UsageRow" }) satisfies z.ZodType<OrgUsageRow>;
const UsageReport = z.object({ data: z.array(UsageRow) }).meta({ id: "UsageReport" });

export const ANALYTICS_ROUTES: Route[] = [
  apiRoute({
    method: "GET",
    path: "/v1/analytics/usage",
    scope: "read:analytics",
    run: async (actor, request) => ({
      status: 200,
      body: await getUsageReport(actor, parse(UsageQuery, query(request))),
    }),
    doc: {
      operationId: "getUsage",
      summary: "Usage per key and UTC day",
      description: `Requests by outcome, token issuances and failures, per key of the token's environment and UTC day with any activity. \`from\` and \`to\` are whole UTC days, both inclusive; default the last 7 days, at most ${MAX_USAGE_RANGE_DAYS}.`,
      tags: ["Analytics"],
      request: { query: UsageQuery },
      responses: { 200: response("The usage report.", UsageReport, RATE_LIMIT) },
    },
  }),
];
