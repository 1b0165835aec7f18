// The routes of one /v1 collection (list, create, get, update, delete over `/v1/<things>` and
// `/v1/<things>/:id`), each an apiRoute over the domain's use cases with its OpenAPI entry. A
// collection names only the operations it has; names, summaries and schema ids follow from its
// noun, so every collection documents itself the same way.
import type { z } from "zod";
import type { CredentialActor } from "../authz/actor";
import type { Route } from "../http/route";
import { IdParams, jsonBody as documentedBody, page, RATE_LIMIT, response } from "../openapi/components";
import { PageQuery } from "../pagination/id-cursor";
import { apiRoute } from "./api-route";
import { jsonBody, parse, pathId, query } from "./request-input";

export type Collection<Dto, CreateInput = never, UpdateInput = never> = {
  /** e.g. "/v1/agents" */
  path: string;
  /** The singular noun, capitalized ("Agent"); the plural adds an "s". */
  noun: string;
  /** The documented shape of one item. */
  schema: z.ZodType;
  tag: string;
  scopes: { read: string; write: string };
  list?: { run: (actor: CredentialActor, query: PageQuery) => Promise<unknown>; description?: string };
  create?: {
    input: z.ZodType<CreateInput>;
    run: (actor: CredentialActor, input: CreateInput) => Promise<Dto>;
    description?: string;
  };
  get?: (actor: CredentialActor, id: string) => Promise<Dto>;
  update?: {
    input: z.ZodType<UpdateInput>;
    run: (actor: CredentialActor, id: string, input: UpdateInput) => Promise<Dto>;
    description?: string;
  };
  remove?: (actor: CredentialActor, id: string) => Promise<void>;
};

const article = (noun: string) => (/^[AEIOU]/.test(noun) ? "an" : "a");

export function collectionRoutes<Dto, CreateInput, UpdateInput>(c: Collection<Dto, CreateInput, UpdateInput>): Route[] {
  const one = c.noun.toLowerCase();
  const many = `${one}s`;
  const plural = `${c.noun}s`;
  const item = `${c.path}/:id`;
  const tags = [c.tag];
  const routes: Route[] = [];
  const { list, create, get, update, remove } = c;
  if (list)
    routes.push(
      apiRoute({
        method: "GET",
        path: c.path,
        scope: c.scopes.read,
        run: async (actor, request) => ({ status: 200, body: await list.run(actor, parse(PageQuery, query(request))) }),
        doc: {
          operationId: `list${plural}`,
          summary: `List ${many}`,
          description: list.description,
          tags,
          request: { query: PageQuery },
          responses: { 200: response(`A page of ${many}.`, page(c.schema, `${c.noun}Page`), RATE_LIMIT) },
        },
      }),
    );
  if (create)
    routes.push(
      apiRoute({
        method: "POST",
        path: c.path,
        scope: c.scopes.write,
        run: async (actor, request) => ({
          status: 201,
          body: await create.run(actor, parse(create.input, jsonBody(request))),
        }),
        doc: {
          operationId: `create${c.noun}`,
          summary: `Create ${article(c.noun)} ${one}`,
          description: create.description,
          tags,
          request: { body: documentedBody(create.input.meta({ id: `Create${c.noun}Input` })) },
          responses: { 201: response(`The created ${one}.`, c.schema, RATE_LIMIT) },
        },
      }),
    );
  if (get)
    routes.push(
      apiRoute({
        method: "GET",
        path: item,
        scope: c.scopes.read,
        run: async (actor, request) => ({ status: 200, body: await get(actor, pathId(request)) }),
        doc: {
          operationId: `get${c.noun}`,
          summary: `Get ${article(c.noun)} ${one}`,
          tags,
          request: { params: IdParams },
          responses: { 200: response(`The ${one}.`, c.schema, RATE_LIMIT) },
          notFound: true,
        },
      }),
    );
  if (update)
    routes.push(
      apiRoute({
        method: "PATCH",
        path: item,
        scope: c.scopes.write,
        run: async (actor, request) => ({
          status: 200,
          body: await update.run(actor, pathId(request), parse(update.input, jsonBody(request))),
        }),
        doc: {
          operationId: `update${c.noun}`,
          summary: `Update ${article(c.noun)} ${one}`,
          description: update.description,
          tags,
          request: { params: IdParams, body: documentedBody(update.input.meta({ id: `Update${c.noun}Input` })) },
          responses: { 200: response(`The updated ${one}.`, c.schema, RATE_LIMIT) },
          notFound: true,
        },
      }),
    );
  if (remove)
    routes.push(
      apiRoute({
        method: "DELETE",
        path: item,
        scope: c.scopes.write,
        run: async (actor, request) => {
          await remove(actor, pathId(request));
          return { status: 204, body: null };
        },
        doc: {
          operationId: `delete${c.noun}`,
          summary: `Delete ${article(c.noun)} ${one}`,
          tags,
          request: { params: IdParams },
          responses: { 204: response("Deleted.", undefined, RATE_LIMIT) },
          notFound: true,
        },
      }),
    );
  return routes;
}
