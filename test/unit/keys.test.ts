/**
 * Outbox and reminder keys: every kind is written and read back, ids with ":" "@" "%" included, Teams
 * channel ids (19:…@thread.tacv2) and thread parents included, and the strings stored by earlier
 * versions read as what they were.
 */
import { describe, expect, it } from "vitest";
import { decodeMessageKey, decodeOutboxKey, encodeMessageKey, messageKeyTo, type MessageKey } from "../../src/app/outbox/keys";
import { decodeAgreementContext, encodeAgreementContext } from "../../src/app/agreements/form-context";
import { decodeReminderKey, encodeReminderKey, type ReminderKey } from "../../src/app/reminders/keys";
import { outboxKey, outboxKeyBase, parseOutboxKey, type Lane } from "../../src/ports/store";

const ODD = "a:b@c%3A:@";
const ID = "0b7e4a52-3c1d-4f7e-9a0b-2d6c8e1f5a93";
const LANES: Lane[] = [
  { platform: "slack", channel: "C0123ABC" },
  { platform: "teams", channel: "19:abc-def_123@thread.tacv2" },
  { platform: "teams", channel: "a:b@c;messageid=1712345678901" },
];

const messageKeys = (id: string): MessageKey[] => [
  { kind: "summary", proposalId: id },
  { kind: "summary", proposalId: id, event: { what: "taken", routingId: id } },
  { kind: "summary", proposalId: id, event: { what: "returned", routingId: id } },
  { kind: "summary", proposalId: id, event: { what: "all-returned", at: 1_800_000_000_000 } },
  { kind: "summary", proposalId: id, event: { what: "rerouted", at: 1_800_000_000_001 } },
  { kind: "summary", proposalId: id, event: { what: "round", roundId: id } },
  { kind: "summary", proposalId: id, event: { what: "decision", roundId: id } },
  { kind: "routing", routingId: id },
  { kind: "routing", routingId: id, event: { what: "taken" } },
  { kind: "routing", routingId: id, event: { what: "again", at: 1_800_000_000_002 } },
  { kind: "routing", routingId: id, event: { what: "decision", roundId: id } },
  { kind: "round", roundId: id },
  { kind: "round", roundId: id, event: { what: "decision" } },
  { kind: "agreement", agreementId: id },
  { kind: "agreement", agreementId: id, event: { what: "exception" } },
  { kind: "agreement", agreementId: id, event: { what: "exception-approved" } },
  { kind: "agreement", agreementId: id, event: { what: "renewal" } },
  { kind: "agreement", agreementId: id, event: { what: "let-end" } },
  { kind: "agreement", agreementId: id, event: { what: "report", reportId: id } },
  { kind: "disaster", disasterId: id },
  { kind: "challenge", challengeId: id },
  { kind: "challenge-closed", challengeId: id },
  { kind: "challenge-changed", challengeId: id, change: "extended", at: 1_800_000_000_004 },
  { kind: "scheduled-report", day: "2027-04-01" },
  { kind: "reminder", reminderId: id },
];

const reminderKeys = (id: string): ReminderKey[] => [
  { kind: "expiry", agreementId: id, endDate: "2028-03-31", leadDays: 90 },
  { kind: "expiry_end", agreementId: id, endDate: "2028-03-31" },
  { kind: "followup", agreementId: id, when: "end", endDate: "2028-03-31" },
  { kind: "followup", agreementId: id, when: "after", months: 6, concluded: "2027-04-01" },
  { kind: "silence", routingId: id, routedAt: 1_800_000_000_000 },
  { kind: "silence_escalation", routingId: id, routedAt: 1_800_000_000_000 },
  { kind: "vote", roundId: id },
  { kind: "report_chase", followupId: id, requestedAt: 1_800_000_000_003 },
];

describe("outbox keys", () => {
  for (const id of [ID, ODD]) {
    it(`every kind of message, to every kind of channel, reads back as written (id ${JSON.stringify(id)})`, () => {
      for (const k of messageKeys(id)) {
        const base = encodeMessageKey(k);
        expect(base).not.toContain("@"); // the first "@" of a row's key ends its base
        expect(decodeMessageKey(base)).toEqual(k);
        for (const to of LANES) {
          const key = messageKeyTo(k, to);
          expect(decodeOutboxKey(key)).toEqual({ message: k, to });
          expect(outboxKeyBase(key)).toBe(base);
        }
      }
    });
  }

  it("a message in a thread names its parent in the same channel, and the parent's key reads back", () => {
    const parent: MessageKey = { kind: "routing", routingId: ODD };
    const reply: MessageKey = { kind: "routing", routingId: ODD, event: { what: "taken" } };
    for (const to of LANES) {
      const parentKey = messageKeyTo(parent, to);
      expect(decodeOutboxKey(parentKey)).toEqual({ message: parent, to });
      expect(parseOutboxKey(messageKeyTo(reply, to))!.to).toEqual(parseOutboxKey(parentKey)!.to);
    }
  });

  it("reads the strings earlier versions stored, and writes the same strings", () => {
    const stored: Array<[string, MessageKey, Lane]> = [
      [`proposal:${ID}:summary@slack:C123`, { kind: "summary", proposalId: ID }, { platform: "slack", channel: "C123" }],
      [`proposal:${ID}:summary:taken:R1@teams:19:abc@thread.tacv2`, { kind: "summary", proposalId: ID, event: { what: "taken", routingId: "R1" } }, { platform: "teams", channel: "19:abc@thread.tacv2" }],
      [`proposal:${ID}:summary:all-returned:1800000000000@slack:C1`, { kind: "summary", proposalId: ID, event: { what: "all-returned", at: 1_800_000_000_000 } }, { platform: "slack", channel: "C1" }],
      [`routing:${ID}:again:1800000000000@slack:C1`, { kind: "routing", routingId: ID, event: { what: "again", at: 1_800_000_000_000 } }, { platform: "slack", channel: "C1" }],
      [`round:${ID}:decision@slack:C1`, { kind: "round", roundId: ID, event: { what: "decision" } }, { platform: "slack", channel: "C1" }],
      [`agreement:${ID}:report:R9@slack:C1`, { kind: "agreement", agreementId: ID, event: { what: "report", reportId: "R9" } }, { platform: "slack", channel: "C1" }],
      [`challenge-closed:${ID}@slack:C1`, { kind: "challenge-closed", challengeId: ID }, { platform: "slack", channel: "C1" }],
      [`reminder:${ID}@teams:19:x@thread.tacv2`, { kind: "reminder", reminderId: ID }, { platform: "teams", channel: "19:x@thread.tacv2" }],
    ];
    for (const [key, message, to] of stored) {
      expect(decodeOutboxKey(key)).toEqual({ message, to });
      expect(messageKeyTo(message, to)).toBe(key);
    }
  });

  it("refuses what is not one of its keys", () => {
    for (const key of ["", "proposal", "proposal:1", "proposal:1:summary:taken", "round:1:taken", "routing:1:again:soon", "agreement:1:report", "unknown:1", "reminder:1:2"]) {
      expect(decodeMessageKey(key)).toBeNull();
    }
    expect(decodeOutboxKey(`proposal:${ID}:summary@mail:someone`)).toBeNull();
    // a base with a raw "@" would hide the channel: refused rather than stored
    expect(() => outboxKey("reminder:a@b", { platform: "slack", channel: "C1" })).toThrow();
  });
});

describe("reminder keys", () => {
  for (const id of [ID, ODD]) {
    it(`every kind reads back as written (id ${JSON.stringify(id)})`, () => {
      for (const k of reminderKeys(id)) expect(decodeReminderKey(encodeReminderKey(k))).toEqual(k);
    });
  }

  it("reads the strings earlier versions stored, and writes the same strings", () => {
    const stored: Array<[string, ReminderKey]> = [
      [`expiry:${ID}:2028-03-31:90`, { kind: "expiry", agreementId: ID, endDate: "2028-03-31", leadDays: 90 }],
      [`expiry_end:${ID}:2028-03-31`, { kind: "expiry_end", agreementId: ID, endDate: "2028-03-31" }],
      [`followup:${ID}:end:2028-03-31`, { kind: "followup", agreementId: ID, when: "end", endDate: "2028-03-31" }],
      [`followup:${ID}:6m:2027-04-01`, { kind: "followup", agreementId: ID, when: "after", months: 6, concluded: "2027-04-01" }],
      [`silence:${ID}:1800000000000`, { kind: "silence", routingId: ID, routedAt: 1_800_000_000_000 }],
      [`silence_escalation:${ID}:1800000000000`, { kind: "silence_escalation", routingId: ID, routedAt: 1_800_000_000_000 }],
      [`vote:${ID}`, { kind: "vote", roundId: ID }],
      [`report_chase:${ID}@1800000000003`, { kind: "report_chase", followupId: ID, requestedAt: 1_800_000_000_003 }],
    ];
    for (const [key, k] of stored) {
      expect(decodeReminderKey(key)).toEqual(k);
      expect(encodeReminderKey(k)).toBe(key);
    }
  });

  it("refuses what is not one of its keys", () => {
    for (const key of ["", "vote", "vote:1:2", "expiry:1:2028-03-31", "expiry:1:someday:90", "followup:1:soon:2027-04-01", "silence:1:x", "report_chase:1", "report_chase:1@x", "other:1"]) {
      expect(decodeReminderKey(key)).toBeNull();
    }
  });
});

describe("agreement form contexts", () => {
  it("a proposal's and a renewal draft's read back as written, the stored strings unchanged, anything else refused", () => {
    for (const id of [ID, ODD]) {
      for (const c of [{ kind: "proposal", proposalId: id } as const, { kind: "draft", draftId: id } as const]) {
        expect(decodeAgreementContext(encodeAgreementContext(c))).toEqual(c);
      }
    }
    expect(encodeAgreementContext({ kind: "proposal", proposalId: ID })).toBe(`proposal:${ID}`);
    expect(decodeAgreementContext(`draft:${ID}`)).toEqual({ kind: "draft", draftId: ID });
    for (const text of ["", "proposal", "proposal:", "agreement:1", "draft:1:2"]) expect(decodeAgreementContext(text)).toBeNull();
  });
});
