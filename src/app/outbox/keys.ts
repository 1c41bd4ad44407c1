/**
 * What each message in the outbox is, as its key names it. A use case queues a message under a typed
 * MessageKey; the stored string (the base of "<base>@<platform>:<channel>", ports/store/outbox-key.ts) is
 * the one rows have always carried, e.g. "proposal:<id>:summary:taken:<routing id>", so existing rows read
 * the same. Ids are escaped (keyPart): an id holding ":" or "@" cannot be mistaken for the next part.
 */
import { fromKeyPart, keyPart, outboxKey, parseOutboxKey, type Lane } from "../../ports/store";

/** News under the window's summary of a proposal. */
export type SummaryEvent =
  | { what: "taken" | "returned"; routingId: string }
  | { what: "all-returned" | "rerouted" | "withdrawn"; at: number }
  | { what: "round" | "decision"; roundId: string };
/** News under a routing request in a department's channel. */
export type RoutingEvent = { what: "taken" } | { what: "again"; at: number } | { what: "decision"; roundId: string };
/** News under a round's card in the board's channel. */
export type RoundEvent = { what: "decision" };
/** News under an agreement's card. */
export type AgreementEvent = { what: "exception" | "exception-approved" | "renewal" | "let-end" } | { what: "report"; reportId: string };

export type MessageKey =
  /** the window's summary of a proposal (updated in place), or news in its thread */
  | { kind: "summary"; proposalId: string; event?: SummaryEvent }
  /** a routing request to a department (updated in place), or news in its thread */
  | { kind: "routing"; routingId: string; event?: RoutingEvent }
  /** a board round's card (updated in place), or its decision in its thread */
  | { kind: "round"; roundId: string; event?: RoundEvent }
  /** an agreement's card (updated in place), or news in its thread */
  | { kind: "agreement"; agreementId: string; event?: AgreementEvent }
  /** a disaster-time offer, to the window */
  | { kind: "disaster"; disasterId: string }
  /** a call for proposals published, or closed */
  | { kind: "challenge" | "challenge-closed"; challengeId: string }
  /** a call changed by its department or the window (edited, extended, withdrawn), to them */
  | { kind: "challenge-changed"; challengeId: string; change: "edited" | "extended" | "withdrawn"; at: number }
  /** a reminder (its row's messageKey is this base) */
  | { kind: "reminder"; reminderId: string }
  /** the planning division's scheduled report of one day (YYYY-MM-DD, Tokyo) */
  | { kind: "scheduled-report"; day: string }
  /** a survey round's card for one department (updated in place), a round's start or its summary to the window */
  | { kind: "survey"; requestId: string }
  | { kind: "survey-started" | "survey-closed"; roundId: string }
  /** a partnership a department reported missing in its answer, to the window */
  | { kind: "survey-missing"; requestId: string; at: number };

export const summaryKey = (proposalId: string, event?: SummaryEvent): MessageKey => ({ kind: "summary", proposalId, event });
export const routingKey = (routingId: string, event?: RoutingEvent): MessageKey => ({ kind: "routing", routingId, event });
export const roundKey = (roundId: string, event?: RoundEvent): MessageKey => ({ kind: "round", roundId, event });
export const agreementKey = (agreementId: string, event?: AgreementEvent): MessageKey => ({ kind: "agreement", agreementId, event });

function eventParts(event: SummaryEvent | RoutingEvent | RoundEvent | AgreementEvent | undefined): string[] {
  if (!event) return [];
  if ("routingId" in event) return [event.what, keyPart(event.routingId)];
  if ("roundId" in event) return [event.what, keyPart(event.roundId)];
  if ("reportId" in event) return [event.what, keyPart(event.reportId)];
  if ("at" in event) return [event.what, String(event.at)];
  return [event.what];
}

/** The stored base of a message's key. */
export function encodeMessageKey(k: MessageKey): string {
  switch (k.kind) {
    case "summary":
      return ["proposal", keyPart(k.proposalId), "summary", ...eventParts(k.event)].join(":");
    case "routing":
      return ["routing", keyPart(k.routingId), ...eventParts(k.event)].join(":");
    case "round":
      return ["round", keyPart(k.roundId), ...eventParts(k.event)].join(":");
    case "agreement":
      return ["agreement", keyPart(k.agreementId), ...eventParts(k.event)].join(":");
    case "disaster":
      return `disaster:${keyPart(k.disasterId)}`;
    case "challenge":
    case "challenge-closed":
      return `${k.kind}:${keyPart(k.challengeId)}`;
    case "challenge-changed":
      return `challenge-changed:${keyPart(k.challengeId)}:${k.change}:${k.at}`;
    case "reminder":
      return `reminder:${keyPart(k.reminderId)}`;
    case "scheduled-report":
      return `reports:scheduled:${keyPart(k.day)}`;
    case "survey":
      return `survey:${keyPart(k.requestId)}`;
    case "survey-started":
    case "survey-closed":
      return `${k.kind}:${keyPart(k.roundId)}`;
    case "survey-missing":
      return `survey-missing:${keyPart(k.requestId)}:${k.at}`;
  }
}

const at = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : null);

function summaryEvent(what: string | undefined, arg: string | undefined): SummaryEvent | undefined | null {
  if (what === undefined) return arg === undefined ? undefined : null;
  if (arg === undefined) return null;
  if (what === "taken" || what === "returned") return { what, routingId: fromKeyPart(arg) };
  if (what === "round" || what === "decision") return { what, roundId: fromKeyPart(arg) };
  const t = at(arg);
  if ((what === "all-returned" || what === "rerouted" || what === "withdrawn") && t !== null) return { what, at: t };
  return null;
}

function routingEvent(what: string | undefined, arg: string | undefined): RoutingEvent | undefined | null {
  if (what === undefined) return undefined;
  if (what === "taken") return arg === undefined ? { what } : null;
  if (what === "decision" && arg !== undefined) return { what, roundId: fromKeyPart(arg) };
  const t = at(arg);
  if (what === "again" && t !== null) return { what, at: t };
  return null;
}

function agreementEvent(what: string | undefined, arg: string | undefined): AgreementEvent | undefined | null {
  if (what === undefined) return undefined;
  if (what === "report") return arg === undefined ? null : { what, reportId: fromKeyPart(arg) };
  if (arg !== undefined) return null;
  if (what === "exception" || what === "exception-approved" || what === "renewal" || what === "let-end") return { what };
  return null;
}

/** A stored base read back; null when it names no message this version knows. */
export function decodeMessageKey(base: string): MessageKey | null {
  const parts = base.split(":");
  const [kind, raw, ...rest] = parts;
  if (raw === undefined || raw === "" || rest.length > 3) return null;
  const id = fromKeyPart(raw);
  const known = <E>(event: E | undefined | null, make: (e: E | undefined) => MessageKey) => (event === null ? null : make(event));
  switch (kind) {
    case "proposal":
      if (rest[0] !== "summary" || rest.length > 3) return null;
      return known(summaryEvent(rest[1], rest[2]), (event) => summaryKey(id, event));
    case "routing":
      if (rest.length > 2) return null;
      return known(routingEvent(rest[0], rest[1]), (event) => routingKey(id, event));
    case "round":
      if (rest.length === 0) return roundKey(id);
      return rest.length === 1 && rest[0] === "decision" ? roundKey(id, { what: "decision" }) : null;
    case "agreement":
      if (rest.length > 2) return null;
      return known(agreementEvent(rest[0], rest[1]), (event) => agreementKey(id, event));
    case "disaster":
      return rest.length ? null : { kind, disasterId: id };
    case "challenge":
    case "challenge-closed":
      return rest.length ? null : { kind, challengeId: id };
    case "challenge-changed": {
      const [change, when] = rest;
      const t = at(when);
      return rest.length === 2 && (change === "edited" || change === "extended" || change === "withdrawn") && t !== null ? { kind, challengeId: id, change, at: t } : null;
    }
    case "reminder":
      return rest.length ? null : { kind, reminderId: id };
    case "survey":
      return rest.length ? null : { kind, requestId: id };
    case "survey-started":
    case "survey-closed":
      return rest.length ? null : { kind, roundId: id };
    case "survey-missing": {
      const t = at(rest[0]);
      return rest.length === 1 && t !== null ? { kind, requestId: id, at: t } : null;
    }
    case "reports":
      return raw === "scheduled" && rest.length === 1 && rest[0] !== "" ? { kind: "scheduled-report", day: fromKeyPart(rest[0]) } : null;
    default:
      return null;
  }
}

/** The key of the row that carries message `k` to one channel. */
export function messageKeyTo(k: MessageKey, to: Lane): string {
  return outboxKey(encodeMessageKey(k), to);
}

/** A row's key read back: which message, to which channel; null when it is not one of ours. */
export function decodeOutboxKey(key: string): { message: MessageKey; to: Lane } | null {
  const parsed = parseOutboxKey(key);
  // mail rows are notices to companies (src/app/notices), never a chat message
  if (parsed?.to.platform === "mail") return null;
  const message = parsed && decodeMessageKey(parsed.base);
  return parsed && message ? { message, to: parsed.to } : null;
}
