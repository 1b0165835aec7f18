// Settings > Plan & limits (RL-05..RL-07): the plan, each per-minute limit with this minute's use
// as a meter, the last 7 UTC days' refusals (429) as a table, and how the operator changes the plan.
// Server-rendered markup only: the page is rendered per request, so a reload shows the current minute.
import { CodeBlock } from "@/components/ui/code-block";
import type { PlanOverview } from "@/lib/orgs/get-plan-overview";

const number = new Intl.NumberFormat("en-US");

export function PlanView({ orgSlug, overview }: { orgSlug: string; overview: PlanOverview }) {
  const totalRejections = overview.rejections.reduce((sum, day) => sum + day.tokens + day.api, 0);
  return (
    <div className="grid gap-8">
      <header className="grid gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Plan &amp; limits</h1>
        <p className="max-w-prose text-sm text-muted-foreground">
          This organization is on the <strong className="text-foreground">{overview.planLabel}</strong> plan. Requests
          over a limit are answered 429 with Retry-After until the minute ends.
        </p>
      </header>

      <section aria-labelledby="limits-heading" className="grid gap-4">
        <h2 id="limits-heading" className="text-lg font-semibold">
          Limits per minute
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2">
          {overview.limits.map((limit) => (
            <li
              key={limit.kind}
              className="grid gap-2 rounded-lg border border-border p-4"
              data-testid={`limit-${limit.kind}`}
            >
              <h3 id={`limit-${limit.kind}-label`} className="text-sm font-medium">
                {limit.label}
              </h3>
              {limit.perMinute === null ? (
                <p className="text-sm">
                  <span className="font-semibold">Unlimited</span>{" "}
                  <span className="text-muted-foreground">on the {overview.planLabel} plan</span>
                </p>
              ) : (
                <LimitMeter
                  labelId={`limit-${limit.kind}-label`}
                  used={limit.usedThisMinute ?? 0}
                  max={limit.perMinute}
                  resetSeconds={limit.resetSeconds}
                />
              )}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="rejections-heading" className="grid gap-3">
        <h2 id="rejections-heading" className="text-lg font-semibold">
          Rate-limited requests, last 7 days
        </h2>
        <p className="text-sm text-muted-foreground">
          {totalRejections === 0
            ? "No request was refused by a plan limit in the last 7 days."
            : `${number.format(totalRejections)} requests refused by a plan limit (429) in the last 7 days.`}{" "}
          Days are UTC; counts are written every few seconds.
        </p>
        <div
          role="region"
          aria-labelledby="rejections-heading"
          tabIndex={0}
          className="overflow-x-auto rounded-lg border border-border focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
        >
          <table className="w-full min-w-[24rem] text-left text-sm">
            <caption className="sr-only">Requests refused with 429 per UTC day</caption>
            <thead className="border-b border-border bg-surface text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Day (UTC)
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Token requests refused
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  API requests refused
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.rejections.map((day) => (
                <tr key={day.date} className="border-b border-border last:border-0" data-testid="rejection-day">
                  <th scope="row" className="px-3 py-2 font-normal whitespace-nowrap">
                    <time dateTime={day.date}>{day.date}</time>
                  </th>
                  <td className="px-3 py-2 text-right tabular-nums">{number.format(day.tokens)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{number.format(day.api)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="change-heading" className="grid gap-3">
        <h2 id="change-heading" className="text-lg font-semibold">
          Changing the plan
        </h2>
        <p className="max-w-prose text-sm text-muted-foreground">
          A self-hosted portal has no billing: the operator of this server sets the plan from its command line. The
          change is audited and applies to every instance within a second.
        </p>
        <CodeBlock
          id="set-plan-command"
          code={`npm run orgs -- set-plan ${orgSlug} starter|professional|enterprise`}
          copyLabel="Copy the set-plan command"
        />
      </section>
    </div>
  );
}

function LimitMeter({
  labelId,
  used,
  max,
  resetSeconds,
}: {
  labelId: string;
  used: number;
  max: number;
  resetSeconds: number | null;
}) {
  const percent = Math.min(100, (used / max) * 100);
  const text = `${number.format(used)} of ${number.format(max)} this minute`;
  return (
    <>
      <div
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={used}
        aria-valuetext={text}
        className="h-2.5 overflow-hidden rounded-full border border-border bg-muted"
      >
        <div
          className={
            percent >= 100
              ? "h-full bg-destructive"
              : percent >= 80
                ? "h-full bg-warning-border"
                : "h-full bg-foreground"
          }
          style={{ width: `${percent}%` }}
        />
      </div>
      <p className="text-sm">
        <span className="font-semibold tabular-nums">{text}</span>
        {resetSeconds !== null ? <span className="text-muted-foreground"> · resets in {resetSeconds} s</span> : null}
      </p>
    </>
  );
}
