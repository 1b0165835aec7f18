import { redirect } from "next/navigation";

import { SignOutButton } from "@/components/features/auth/sign-out-button";
import { CreateFirstOrganization } from "@/components/features/organizations/create-first-organization";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  CHECK_INBOX_PATH,
  getPendingSecondFactor,
  getSessionUser,
  listMemberships,
  SECOND_FACTOR_PATH,
} from "@/lib/auth/session";

// "/" sends the user to their first organization; a user in none (new, removed everywhere, or
// whose organization was deleted) gets a page to create one or wait for an invitation (OR-01),
// never an error. Rendered per request: it reads the session, which needs the running runtime
// (never at build time).
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await getSessionUser();
  if (!user) redirect((await getPendingSecondFactor()) ? SECOND_FACTOR_PATH : "/sign-in");
  // An unconfirmed sign-up has nothing to do but open its link (AC-06).
  if (!user.emailVerified) redirect(CHECK_INBOX_PATH);

  const [first] = await listMemberships(user.id);
  if (first) redirect(`/${encodeURIComponent(first.orgSlug)}/settings/api-credentials`);

  return (
    <main className="flex min-h-dvh items-center justify-center bg-surface px-4 py-10">
      <Card className="w-full max-w-md">
        <CardHeader>
          <CardTitle as="h1" id="create-org-heading">
            Create an organization
          </CardTitle>
          <CardDescription>
            Your account is not a member of any organization yet. Create one and become its owner, or ask an owner to
            invite you: invitations arrive by email.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          <CreateFirstOrganization />
          <div className="border-t border-border pt-4">
            <p className="mb-4 text-sm text-muted-foreground">
              Signed in as <span className="font-medium text-foreground">{user.email}</span>.
            </p>
            <SignOutButton />
          </div>
        </CardContent>
      </Card>
    </main>
  );
}
