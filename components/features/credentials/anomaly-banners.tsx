"use client";
// Open anomaly flags of one key as dismissible banners: what was seen, when, and the evidence the
// detector recorded. Dismissing appends an audit event; the flag is then gone from the list badge
// and from here. Only members who may manage the key see "Dismiss".
import { ShieldAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";

import { dismissAnomalyAction } from "@/lib/actions/anomalies";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { UNREACHABLE_RETRY, useActionMutation } from "@/components/ui/use-action-mutation";
import type { AnomalyFlag } from "@/lib/anomalies/flags";

import { formatDateTime } from "./format";
import { useInvalidateCredentials } from "./queries";

const TITLES: Record<string, string> = {
  new_source_ip: "New source IP",
  traffic_spike: "Traffic spike",
  failed_auth_burst: "Burst of failed authentications",
};

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? "" : "s"}`;

export function describeEvidence(flag: Pick<AnomalyFlag, "kind" | "evidence">): string {
  const e = flag.evidence;
  const num = (name: string) => (typeof e[name] === "number" ? (e[name] as number) : Number(e[name] ?? 0));
  switch (flag.kind) {
    case "new_source_ip":
      return `First use from ${String(e.ip ?? "an unknown address")}; the key had been used from ${plural(num("knownAddresses"), "other address")}.`;
    case "traffic_spike":
      return `${plural(num("requestsThisHour"), "request")} in one hour against a baseline of ${num("hourlyBaseline").toLocaleString()} per hour.`;
    case "failed_auth_burst":
      return `${plural(num("failures"), "failed client authentication")} within ${plural(Math.round(num("windowSeconds") / 60), "minute")}.`;
    default:
      return Object.entries(e)
        .map(([name, value]) => `${name}: ${value}`)
        .join(", ");
  }
}

export function AnomalyBanners({
  orgSlug,
  credentialId,
  flags,
  canDismiss,
}: {
  orgSlug: string;
  credentialId: string;
  flags: AnomalyFlag[];
  canDismiss: boolean;
}) {
  const router = useRouter();
  const invalidate = useInvalidateCredentials(orgSlug);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const container = useRef<HTMLDivElement>(null);
  const dismiss = useActionMutation(
    (flag: AnomalyFlag) => dismissAnomalyAction({ orgSlug, credentialId, anomalyEventId: flag.id }),
    {
      unreachableMessage: UNREACHABLE_RETRY,
      onError: (message) => void toast.error(message),
      onSuccess: async (_data, flag) => {
        setHidden((current) => new Set(current).add(flag.id));
        // Keep keyboard focus in place: the next banner's button, or the section heading.
        requestAnimationFrame(() => {
          const next =
            container.current?.querySelector<HTMLElement>("[data-dismiss]") ??
            document.getElementById("key-details-heading");
          next?.focus();
        });
        toast.success(`${TITLES[flag.kind] ?? "Anomaly"} flag dismissed.`);
        await invalidate();
        router.refresh();
      },
    },
  );
  const visible = flags.filter((flag) => !hidden.has(flag.id));
  if (visible.length === 0) return null;

  return (
    <div ref={container} className="grid gap-3">
      {visible.map((flag) => (
        <section
          key={flag.id}
          aria-labelledby={`anomaly-${flag.id}`}
          className="flex flex-wrap items-start gap-3 rounded-lg border border-danger-border bg-danger-surface p-4 text-sm text-danger-foreground"
        >
          <ShieldAlert aria-hidden="true" className="mt-0.5 size-5 shrink-0" />
          <div className="grid min-w-0 flex-1 gap-1">
            <h2 id={`anomaly-${flag.id}`} className="font-semibold">
              Anomaly: {TITLES[flag.kind] ?? flag.kind}
            </h2>
            <p>{describeEvidence(flag)}</p>
            <p className="text-xs">
              Detected{" "}
              <time dateTime={flag.at} suppressHydrationWarning>
                {formatDateTime(flag.at)}
              </time>
              . If you don&apos;t recognize this, rotate or revoke the key.
            </p>
          </div>
          {canDismiss ? (
            <Button
              variant="outline"
              size="sm"
              data-dismiss=""
              disabled={dismiss.pending}
              aria-label={`Dismiss ${TITLES[flag.kind] ?? "anomaly"} flag`}
              onClick={() => dismiss.run(flag)}
            >
              Dismiss
            </Button>
          ) : null}
        </section>
      ))}
    </div>
  );
}
