// Repeats folded into one line: a client retrying a bad secret writes an audit row per attempt,
// and thirteen identical rows in a key's trail read better as "13 × malformed secret, 9:55–9:56 PM".
// Pure: the caller says which events count as the same (`kindOf`), the list is newest first.

export type TimedEvent = { id: string; at: string; ip?: string | null };

export type RepeatGroup<T extends TimedEvent> = {
  /** The newest event's id: stable while older pages load below it. */
  id: string;
  /** The events, newest first; one for an event that repeats nothing. */
  items: T[];
  count: number;
  /** The oldest and the newest event's time (ISO). */
  from: string;
  to: string;
  /** The distinct source addresses, in order of first appearance. */
  ips: string[];
};

/** Events of one kind further apart than this start a new group. */
export const REPEAT_GAP_MS = 10 * 60_000;

/**
 * Groups neighbours of the same kind (`kindOf` equal and not null) no more than `maxGapMs` apart.
 * Events whose kind is null stay on their own, and the order is kept.
 */
export function groupRepeats<T extends TimedEvent>(
  events: readonly T[],
  kindOf: (event: T) => string | null,
  maxGapMs: number = REPEAT_GAP_MS,
): Array<RepeatGroup<T>> {
  const groups: Array<RepeatGroup<T>> = [];
  let lastKind: string | null = null;
  for (const event of events) {
    const kind = kindOf(event);
    const current = groups.at(-1);
    const previous = current?.items.at(-1);
    const isRepeat =
      kind !== null &&
      kind === lastKind &&
      previous !== undefined &&
      Math.abs(Date.parse(previous.at) - Date.parse(event.at)) <= maxGapMs;
    lastKind = kind;
    if (current && isRepeat) {
      current.items.push(event);
      current.count++;
      current.from = event.at;
      if (event.ip && !current.ips.includes(event.ip)) current.ips.push(event.ip);
    } else {
      const ips = event.ip ? [event.ip] : [];
      groups.push({ id: event.id, items: [event], count: 1, from: event.at, to: event.at, ips });
    }
  }
  return groups;
}

/** A failure's kind for grouping: the action and its reason code ("oauth.client_auth_failed|wrong_secret"). */
export function failureKind(event: { action: string; reason?: string | null }): string {
  return `${event.action}|${event.reason ?? ""}`;
}

/** "13 × malformed secret": how many, and the reason in words (or the fallback for none). */
export function describeRepeats(count: number, reason: string | null, fallback: string): string {
  const what = reason ? reason.replaceAll("_", " ") : fallback;
  return count > 1 ? `${count.toLocaleString("en-US")} × ${what}` : what;
}
