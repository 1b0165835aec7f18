// The props Next gives every page under /[orgSlug], and the one reading of a query parameter.
export type SearchParams = Record<string, string | string[] | undefined>;

export type OrgPageProps = {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<SearchParams>;
};

/** A query parameter's first value (`?env=a&env=b` reads as "a"). */
export const firstParam = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
