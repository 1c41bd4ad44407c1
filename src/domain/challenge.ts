/**
 * 地域課題・テーマ型募集 (policy §6(2)): the city shares its local challenges with companies and calls
 * for proposals on a theme. A call is open until the end of its deadline day (Tokyo), then closes itself.
 */
import { addDays, isIsoDate, tokyoDate, tokyoTime, type IsoDate } from "./calendar";
import { invalidField } from "./errors";

export const CHALLENGE_KINDS = ["local_challenge", "theme_call"] as const;
export type ChallengeKind = (typeof CHALLENGE_KINDS)[number];
export type ChallengeState = "open" | "closed";

/** The moment a call closes: the end of its deadline day in Tokyo (proposals are taken all that day). */
export function closesAt(deadline: IsoDate): Date {
  return tokyoTime(addDays(deadline, 1), 0);
}

/** A deadline must be a date, and not already past (today is allowed: the call closes tonight). */
export function checkDeadline(deadline: string, now: Date): void {
  if (!isIsoDate(deadline)) throw invalidField("deadline", "challenge.deadlineFormat");
  if (deadline < tokyoDate(now)) throw invalidField("deadline", "challenge.deadlinePast");
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
