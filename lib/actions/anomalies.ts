"use server";
// Server action of the key detail page's anomaly banners: dismiss one flag. `action()` checks the
// session, the input and membership of orgSlug; dismissAnomaly checks the caller may manage the key
// and appends the dismissal to the audit log.
import { revalidatePath } from "next/cache";
import { dismissAnomaly, DismissAnomalyInput } from "@/lib/anomalies/flags";
import { action } from "@/lib/auth/action";

export const dismissAnomalyAction = action(DismissAnomalyInput, async (input, actor, context) => {
  const result = await dismissAnomaly(actor, input, context);
  // The list shows the "Anomaly" badge and the detail page the banner: both must drop it.
  revalidatePath(`/${encodeURIComponent(input.orgSlug)}/settings/api-credentials`, "layout");
  return result;
});
