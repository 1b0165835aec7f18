import { redirect } from "next/navigation";

// /{orgSlug}/settings has no page of its own; API Credentials is the first section.
export default async function SettingsIndexPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  redirect(`/${encodeURIComponent(orgSlug)}/settings/api-credentials`);
}
