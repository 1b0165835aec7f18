"use client";
// The top bar's sections of an organization: its agents (what the API created) and its settings.
import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "@/components/ui/cn";

const SECTIONS = [
  { label: "Agents", segment: "agents", href: "agents" },
  { label: "Settings", segment: "settings", href: "settings/api-credentials" },
] as const;

export function MainNav({ orgSlug }: { orgSlug: string }) {
  const pathname = usePathname();
  const base = `/${encodeURIComponent(orgSlug)}`;
  return (
    <nav aria-label="Main">
      <ul className="flex items-center gap-1">
        {SECTIONS.map((section) => {
          const root = `${base}/${section.segment}`;
          const isCurrent = pathname === root || pathname.startsWith(`${root}/`);
          return (
            <li key={section.segment}>
              <Link
                href={`${base}/${section.href}`}
                aria-current={isCurrent ? "page" : undefined}
                className={cn(
                  "block rounded-md px-3 py-1.5 text-sm font-medium text-muted-foreground hover:bg-accent hover:text-foreground",
                  isCurrent && "bg-accent font-semibold text-foreground",
                )}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
