"use client";
// A key's actions: details for everyone; edit, rotate and revoke only for who may manage it.
import { Ellipsis, Info, Pencil, RefreshCw, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRef } from "react";

import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { CredentialDto } from "@/lib/credentials/dto";

import type { OpenCredentialDialog } from "./credential-dialogs";

export function CredentialRowMenu({
  credential,
  detailHref,
  canManage,
  openDialog,
}: {
  credential: CredentialDto;
  detailHref: string;
  canManage: boolean;
  openDialog: OpenCredentialDialog;
}) {
  // The items unmount with the menu; the dialog they open gives focus back to this button.
  const triggerRef = useRef<HTMLButtonElement>(null);
  return (
    // Non-modal, so a dialog opened from an item gets focus and pointer events normally.
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button ref={triggerRef} variant="ghost" size="icon-sm" aria-label={`Actions for ${credential.name}`}>
          <Ellipsis aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuItem asChild>
          <Link href={detailHref}>
            <Info aria-hidden="true" />
            View details
          </Link>
        </DropdownMenuItem>
        {canManage ? (
          <>
            <DropdownMenuItem onSelect={() => openDialog("edit", credential, triggerRef.current)}>
              <Pencil aria-hidden="true" />
              Edit…
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => openDialog("rotate", credential, triggerRef.current)}>
              <RefreshCw aria-hidden="true" />
              Rotate secret…
            </DropdownMenuItem>
            <DropdownMenuSeparator />
            <DropdownMenuItem
              variant="destructive"
              onSelect={() => openDialog("revoke", credential, triggerRef.current)}
            >
              <Trash2 aria-hidden="true" />
              Revoke…
            </DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
