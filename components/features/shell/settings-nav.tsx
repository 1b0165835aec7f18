"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "@/components/ui/cn";

// Only pages the role may open are listed; the pages check again (Audit log: owners and admins).
const SECTIONS = [
  { label: "General", segment: "general", auditOnly: false },
  { label: "API Credentials", segment: "api-credentials", auditOnly: false },
  { label: "Members", segment: "members", auditOnly: false },
  { label: "Plan & limits", segment: "plan", auditOnly: false },
  { label: "Audit log", segment: "audit-log", auditOnly: true },
  { label: "Account", segment: "account", auditOnly: false },
] as const;

export function SettingsNav({ orgSlug, canReadAudit = false }: { orgSlug: string; canReadAudit?: boolean }) {
  const pathname = usePathname();
  const base = `/${encodeURIComponent(orgSlug)}/settings`;
  const sections = SECTIONS.filter((section) => !section.auditOnly || canReadAudit);

  return (
    <nav aria-label="Settings">
      <p className="mb-2 px-3 text-xs font-semibold tracking-wide text-muted-foreground uppercase">Settings</p>
      <ul className="flex gap-1 overflow-x-auto xl:flex-col">
        {sections.map((section) => {
          const href = `${base}/${section.segment}`;
          const isCurrent = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={section.segment}>
              <Link
                href={href}
                aria-current={isCurrent ? "page" : undefined}
                className={cn(
                  "block rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap text-muted-foreground hover:bg-accent hover:text-foreground",
                  isCurrent && "bg-accent font-semibold text-foreground shadow-[inset_3px_0_0_var(--color-foreground)]",
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
