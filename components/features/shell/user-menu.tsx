"use client";

import { Check, ChevronDown, LogOut, Plus } from "lucide-react";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { useRef, useState } from "react";

import { CreateOrganizationDialog } from "@/components/features/organizations/create-organization-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { Role } from "@/lib/auth/session";

const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  developer: "Developer",
  viewer: "Viewer",
};

export type UserMenuProps = {
  user: { name: string; email: string };
  /** The user's role in the current organization. */
  role: Role;
  currentOrgSlug: string;
  /**
   * Every organization the user belongs to; the switcher appears when there is more than one.
   * "Create organization" is always there (OR-01).
   */
  organizations: Array<{ orgSlug: string; orgName: string; role: Role }>;
};

export function UserMenu({ user, role, currentOrgSlug, organizations }: UserMenuProps) {
  const displayName = user.name || user.email;
  const initial = displayName.trim().charAt(0).toUpperCase() || "?";
  const [creating, setCreating] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger
          ref={triggerRef}
          className="inline-flex h-10 max-w-full items-center gap-2 rounded-md px-2 text-sm font-medium hover:bg-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
        >
          <span
            aria-hidden="true"
            className="flex size-7 shrink-0 items-center justify-center rounded-full bg-primary text-xs font-semibold text-primary-foreground"
          >
            {initial}
          </span>
          <span className="max-w-40 truncate max-sm:sr-only">{displayName}</span>
          <span className="sr-only">, account menu</span>
          <ChevronDown className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
        </DropdownMenuTrigger>
        <DropdownMenuContent className="w-72">
          <DropdownMenuLabel className="font-normal">
            <span className="block truncate font-semibold">{displayName}</span>
            {user.name ? <span className="block truncate text-muted-foreground">{user.email}</span> : null}
            <span className="mt-1 block text-xs text-muted-foreground">Role: {ROLE_LABELS[role]}</span>
          </DropdownMenuLabel>
          {organizations.length > 1 ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuGroup>
                <DropdownMenuLabel className="text-xs font-medium text-muted-foreground">
                  Switch organization
                </DropdownMenuLabel>
                {organizations.map((org) => {
                  const isCurrent = org.orgSlug === currentOrgSlug;
                  return (
                    <DropdownMenuItem key={org.orgSlug} asChild>
                      <Link
                        href={`/${encodeURIComponent(org.orgSlug)}/settings/api-credentials`}
                        aria-current={isCurrent ? "page" : undefined}
                      >
                        <Check className={isCurrent ? "" : "invisible"} aria-hidden="true" />
                        <span className="min-w-0 flex-1 truncate">{org.orgName}</span>
                        <span className="text-xs text-muted-foreground">{ROLE_LABELS[org.role]}</span>
                        {isCurrent ? <span className="sr-only">(current)</span> : null}
                      </Link>
                    </DropdownMenuItem>
                  );
                })}
              </DropdownMenuGroup>
            </>
          ) : null}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            Create organization
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => void signOut({ callbackUrl: "/sign-in" })}>
            <LogOut aria-hidden="true" />
            Sign out
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <CreateOrganizationDialog
        open={creating}
        onOpenChange={setCreating}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          triggerRef.current?.focus();
        }}
      />
    </>
  );
}
