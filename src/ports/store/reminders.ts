export type ReminderKind =
  | "expiry" // N days before an agreement's end
  | "expiry_end" // on the end date: the agreement ends
  | "silence" // a routing nobody took up
  | "silence_escalation" // ... escalated to the window
  | "vote" // a board member who has not voted
  | "round_deadline" // the round closes at its deadline
  | "followup" // implementation status report requested
  | "report_chase" // the report is overdue
  | "survey_chase"; // a department has not answered a survey round

export interface ReminderRecord {
  id: string;
  key: string;
  kind: ReminderKind;
  subjectType: string;
  subjectId: string;
  dueAt: Date;
  state: "planned" | "queued" | "sent" | "skipped" | "cancelled";
  late: boolean;
  messageKey: string | null;
  sentAt: Date | null;
}

export interface RemindersRepo {
  /** plans a reminder under a unique key; an existing key keeps its state */
  plan(r: { key: string; kind: ReminderKind; subjectType: string; subjectId: string; dueAt: Date }): Promise<void>;
  get(id: string): Promise<ReminderRecord | null>;
  cancelForSubject(subjectType: string, subjectId: string, kinds?: ReminderKind[]): Promise<number>;
  /** planned reminders due at or before `now`, oldest first */
  due(now: Date, limit: number): Promise<ReminderRecord[]>;
  update(id: string, patch: Partial<Pick<ReminderRecord, "state" | "late" | "messageKey">> & { queuedAt?: Date }): Promise<void>;
  listForSubject(subjectType: string, subjectId: string): Promise<ReminderRecord[]>;
  /** planned reminders of these kinds due at or before `until`, soonest first; at most `limit` */
  plannedOfKinds(kinds: ReminderKind[], until: Date, limit: number): Promise<ReminderRecord[]>;
}
