import type { Metadata } from "next";

import { MembersView } from "@/components/features/members/members-view";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";
import { listInvitations } from "@/lib/invitations/list-invitations";
import { listMembers } from "@/lib/orgs/list-members";

export const metadata: Metadata = { title: "Members" };
// Rendered per request and never cached (SA-07).
export const dynamic = "force-dynamic";

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  // The layout's check does not protect the page (they render independently), so check here too.
  const actor = await requireActor(orgSlug);
  const canManage = can(actor, "members:manage");
  const [members, invitations] = await Promise.all([
    listMembers(actor),
    canManage ? listInvitations(actor) : Promise.resolve(null),
  ]);
  return (
    <MembersView
      orgSlug={actor.orgSlug}
      viewer={{ kind: "user", userId: actor.userId, role: actor.role, canManage }}
      members={members}
      invitations={invitations}
    />
  );
}
