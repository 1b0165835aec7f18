import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { CredentialDetailView } from "@/components/features/credentials/credential-detail";
import { listOpenAnomalies, type AnomalyFlag } from "@/lib/anomalies/flags";
import { auditRefusal } from "@/lib/auth/action";
import { requireActor } from "@/lib/auth/session";
import { getCredential, type CredentialDetail } from "@/lib/credentials/get-credential";
import { GetCredentialInput } from "@/lib/credentials/schemas";
import { getEnv } from "@/lib/runtime/current";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "API key" };
export const dynamic = "force-dynamic";

export default async function CredentialDetailPage({
  params,
}: {
  params: Promise<{ orgSlug: string; credentialId: string }>;
}) {
  const { orgSlug, credentialId } = await params;
  const actor = await requireActor(orgSlug);
  const input = GetCredentialInput.safeParse({ credentialId });
  if (!input.success) notFound();
  let detail: CredentialDetail;
  let anomalies: AnomalyFlag[];
  try {
    detail = await getCredential(actor, input.data);
    anomalies = await listOpenAnomalies(actor.orgId, detail.credential.id);
  } catch (error) {
    // Another organization's key looks exactly like one that does not exist (and is audited).
    if (isAppError(error) && error.code === "not_found") {
      await auditRefusal(actor, error);
      notFound();
    }
    throw error;
  }
  return (
    <CredentialDetailView
      orgSlug={actor.orgSlug}
      appUrl={getEnv().APP_URL}
      viewer={{ kind: "user", userId: actor.userId, role: actor.role }}
      detail={detail}
      anomalies={anomalies}
    />
  );
}
