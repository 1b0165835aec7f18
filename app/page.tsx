import { redirect } from "next/navigation";

import { SignOutButton } from "@/components/features/auth/sign-out-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getSessionUser, listMemberships } from "@/lib/auth/session";

// "/" has no content of its own: it sends the user to their first organization. Rendered per
// request: it reads the session, which needs the running runtime (never at build time).
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");

  const [first] = await listMemberships(user.id);
  if (first) redirect(`/${encodeURIComponent(first.orgSlug)}/settings/api-credentials`);

  return (
    <main className="flex min-h-dvh items-center justify-center bg-surface px-4 py-10">
      <Card className="w-full max-w-md">
        <CardHeader>
          <CardTitle as="h1">No organization yet</CardTitle>
          <CardDescription>
            Your account is not a member of any organization. Ask an owner to invite you.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <p className="mb-4 text-sm text-muted-foreground">
            Signed in as <span className="font-medium text-foreground">{user.email}</span>.
          </p>
          <SignOutButton />
        </CardContent>
      </Card>
    </main>
  );
}
