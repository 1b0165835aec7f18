// Metric labels and log fields for the requests Next answers (pages, server actions, /api routes,
// assets) are route patterns such as `/[orgSlug]/settings/api-credentials/[credentialId]`, never
// raw paths: ids would make one series per key. The patterns are the build's own route list.
import { readFileSync } from "node:fs";
import path from "node:path";

type Pattern = { label: string; segments: string[] };

/** The page and route-handler patterns of a production build in `distDir`; empty without one. */
export function loadPagePatterns(distDir: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(path.join(distDir, "app-path-routes-manifest.json"), "utf8")) as Record<
      string,
      string
    >;
    return [...new Set(Object.values(manifest))].filter((p) => !p.startsWith("/_"));
  } catch {
    return [];
  }
}

const specificity = (p: Pattern) =>
  p.segments.map((s) => (s.startsWith("[...") ? 0 : s.startsWith("[") ? 1 : 2)).join("");

export class PageRouteLabels {
  private readonly patterns: Pattern[];

  constructor(patterns: readonly string[]) {
    // Static segments before dynamic ones, so `/[orgSlug]/settings` wins over `/[orgSlug]/[x]`.
    this.patterns = patterns
      .map((label) => ({ label, segments: label.split("/").filter(Boolean) }))
      .sort((a, b) => specificity(b).localeCompare(specificity(a)));
  }

  /** The pattern `pathname` matches; `/_next/static` and the like for assets; `other` else. */
  label(pathname: string): string {
    if (pathname.startsWith("/_next/")) return pathname.split("/", 3).join("/");
    const parts = pathname.split("/").filter(Boolean);
    for (const { label, segments } of this.patterns) if (matches(segments, parts)) return label;
    return "other";
  }
}

function matches(segments: string[], parts: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.startsWith("[...")) return parts.length > i;
    if (i >= parts.length) return false;
    if (!segment.startsWith("[") && segment !== parts[i]) return false;
  }
  return segments.length === parts.length;
}
