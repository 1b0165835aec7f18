// /{orgSlug}: the organization's home is its API Credentials settings for now.
import { redirect } from "next/navigation";

export default async function OrganizationHome({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  redirect(`/${encodeURIComponent(orgSlug)}/settings/api-credentials`);
}
