/**
 * Reminder rows' unique keys, typed. The strings are those rows have always carried (planning the same
 * reminder twice finds its row; a changed subject, such as a new end date, gives new keys), e.g.
 * "expiry:<agreement id>:<end date>:<lead days>". Ids are escaped (keyPart), so an id holding ":" or "@"
 * cannot be mistaken for the next part.
 */
import { isIsoDate, type IsoDate } from "../../domain/calendar";
import { fromKeyPart, keyPart, type ReminderKind } from "../../ports/store";

export type ReminderKey =
  /** `leadDays` before the agreement's end */
  | { kind: "expiry"; agreementId: string; endDate: IsoDate; leadDays: number }
  /** the end itself */
  | { kind: "expiry_end"; agreementId: string; endDate: IsoDate }
  /** a status report asked for at the end */
  | { kind: "followup"; agreementId: string; when: "end"; endDate: IsoDate }
  /** a status report asked for `months` after the conclusion */
  | { kind: "followup"; agreementId: string; when: "after"; months: number; concluded: IsoDate }
  /** a routing nobody took up (`routedAt`: when it was routed, ms) */
  | { kind: "silence" | "silence_escalation"; routingId: string; routedAt: number }
  /** board members who have not voted */
  | { kind: "vote"; roundId: string }
  /** a status report still missing after the follow-up reminder `followupId` asked for it at `requestedAt` (ms) */
  | { kind: "report_chase"; followupId: string; requestedAt: number }
  /** a department that has not answered a survey round, chased on `day` (a business day) */
  | { kind: "survey_chase"; requestId: string; day: IsoDate };

export function encodeReminderKey(k: ReminderKey): string {
  switch (k.kind) {
    case "expiry":
      return `expiry:${keyPart(k.agreementId)}:${keyPart(k.endDate)}:${k.leadDays}`;
    case "expiry_end":
      return `expiry_end:${keyPart(k.agreementId)}:${keyPart(k.endDate)}`;
    case "followup":
      return k.when === "end"
        ? `followup:${keyPart(k.agreementId)}:end:${keyPart(k.endDate)}`
        : `followup:${keyPart(k.agreementId)}:${k.months}m:${keyPart(k.concluded)}`;
    case "silence":
    case "silence_escalation":
      return `${k.kind}:${keyPart(k.routingId)}:${k.routedAt}`;
    case "vote":
      return `vote:${keyPart(k.roundId)}`;
    case "report_chase":
      return `report_chase:${keyPart(k.followupId)}@${k.requestedAt}`;
    case "survey_chase":
      return `survey_chase:${keyPart(k.requestId)}:${keyPart(k.day)}`;
  }
}

const whole = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : null);
const date = (s: string | undefined) => (s !== undefined && isIsoDate(fromKeyPart(s)) ? fromKeyPart(s) : null);

/** A stored key read back; null when it is not a reminder key this version knows. */
export function decodeReminderKey(key: string): ReminderKey | null {
  const [kind, rawId, ...rest] = key.split(":");
  if (rawId === undefined || rawId === "") return null;
  const id = fromKeyPart(rawId);
  switch (kind) {
    case "expiry": {
      const endDate = date(rest[0]);
      const leadDays = whole(rest[1]);
      return rest.length === 2 && endDate !== null && leadDays !== null ? { kind, agreementId: id, endDate, leadDays } : null;
    }
    case "expiry_end": {
      const endDate = date(rest[0]);
      return rest.length === 1 && endDate !== null ? { kind, agreementId: id, endDate } : null;
    }
    case "followup": {
      if (rest.length !== 2) return null;
      const on = date(rest[1]);
      if (on === null) return null;
      if (rest[0] === "end") return { kind, agreementId: id, when: "end", endDate: on };
      const months = /^\d+m$/.test(rest[0]) ? Number(rest[0].slice(0, -1)) : null;
      return months === null ? null : { kind, agreementId: id, when: "after", months, concluded: on };
    }
    case "silence":
    case "silence_escalation": {
      const routedAt = whole(rest[0]);
      return rest.length === 1 && routedAt !== null ? { kind, routingId: id, routedAt } : null;
    }
    case "vote":
      return rest.length === 0 ? { kind, roundId: id } : null;
    case "report_chase": {
      // "<escaped follow-up id>@<ms>": the escaped id holds no raw "@"
      const at = rawId.indexOf("@");
      const requestedAt = whole(rawId.slice(at + 1));
      return rest.length === 0 && at > 0 && requestedAt !== null ? { kind, followupId: fromKeyPart(rawId.slice(0, at)), requestedAt } : null;
    }
    case "survey_chase": {
      const day = date(rest[0]);
      return rest.length === 1 && day !== null ? { kind, requestId: id, day } : null;
    }
    default:
      return null;
  }
}

/** A reminder to plan: its key, the kind its row carries (the key's kind), and when it is due. */
export function reminderPlan(key: ReminderKey, dueAt: Date): { key: string; kind: ReminderKind; dueAt: Date } {
  return { key: encodeReminderKey(key), kind: key.kind, dueAt };
}
