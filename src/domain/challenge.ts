/**
 * 地域課題・テーマ型募集 (policy §6(2)): the city shares its local challenges with companies and calls
 * for proposals on a theme. A call is open until the end of its deadline day (Tokyo), then closes itself.
 */
import { addDays, isIsoDate, tokyoDate, tokyoTime, type IsoDate } from "./calendar";
import { invalidField } from "./errors";

export const CHALLENGE_KINDS = ["local_challenge", "theme_call"] as const;
export type ChallengeKind = (typeof CHALLENGE_KINDS)[number];
/** withdrawn: its department (or the window) took it back before its deadline; closed to answers at once */
export type ChallengeState = "open" | "closed" | "withdrawn";
/** What staff may change in a published call, and what the desk says was changed last. */
export const CHALLENGE_CHANGES = ["edited", "extended", "withdrawn"] as const;
export type ChallengeChange = (typeof CHALLENGE_CHANGES)[number];

/** The moment a call closes: the end of its deadline day in Tokyo (proposals are taken all that day). */
export function closesAt(deadline: IsoDate): Date {
  return tokyoTime(addDays(deadline, 1), 0);
}

/** A deadline must be a date, and not already past (today is allowed: the call closes tonight). */
export function checkDeadline(deadline: string, now: Date): void {
  if (!isIsoDate(deadline)) throw invalidField("deadline", "challenge.deadlineFormat");
  if (deadline < tokyoDate(now)) throw invalidField("deadline", "challenge.deadlinePast");
}

/**
 * A new deadline for an open call: a date, not already past (the rule of a first deadline), and later
 * than the one it replaces (a deadline is only ever extended: companies may be working to it).
 */
export function checkExtension(current: IsoDate, next: string, now: Date): void {
  checkDeadline(next, now);
  if (next <= current) throw invalidField("deadline", "challenge.deadlineNotLater", [current]);
}

export function isOpen(c: { state: ChallengeState; closesAt: Date }, now: Date): boolean {
  return c.state === "open" && now.getTime() < c.closesAt.getTime();
}

export function formatChallengeNumber(n: number): string {
  return `C-${String(n).padStart(4, "0")}`;
}

export function parseChallengeNumber(s: string): number | null {
  const m = /^C-(\d{1,9})$/i.exec(s.trim());
  return m ? Number(m[1]) : null;
}
