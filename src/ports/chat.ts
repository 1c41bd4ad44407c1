/**
 * The platform-neutral chat model. Use cases build these; each platform folder renders them
 * (Block Kit for Slack, Adaptive Cards for Teams) and implements ChatPort.
 */
export const PLATFORMS = ["slack", "teams"] as const;
export type Platform = (typeof PLATFORMS)[number];
/** Where the outbox delivers: the chat platforms, and mail to companies (one lane per recipient address). */
export const LANE_PLATFORMS = [...PLATFORMS, "mail"] as const;
export type LanePlatform = (typeof LANE_PLATFORMS)[number];

export interface Field {
  label: string;
  value: string;
}

export type MessageBlock =
  | { type: "header"; text: string }
  | { type: "text"; text: string }
  | { type: "fields"; fields: Field[] }
  | { type: "context"; text: string }
  | { type: "divider" }
  /** `viewersOnly`: left out of what everyone sees where the platform can show the message's viewers their own view (perViewer) */
  | { type: "actions"; actions: ActionButton[]; viewersOnly?: boolean }
  /** a link the bot made itself (https, its own address): never text from outside */
  | { type: "link"; url: string; text: string }
  /** an image the bot serves itself (a chart PNG at a signed URL), with its text alternative */
  | { type: "image"; url: string; alt: string };

export interface ActionButton {
  actionId: ActionId;
  label: string;
  /** ids only: treated as untrusted input when it comes back */
  value: string;
  style?: "primary" | "danger";
}

export interface ChatMessage {
  /** plain-text fallback (notifications, screen readers) */
  text: string;
  blocks: MessageBlock[];
  /**
   * The message looks different to each of these viewers (their own vote, their buttons): a platform
   * that can (Teams, Universal Actions `refresh`) asks the core for `view` of `value` when one of them
   * opens it, and shows everyone else the message without its `viewersOnly` blocks. Elsewhere, or when
   * the viewers cannot all be named, everyone sees the whole message and the buttons refuse outsiders.
   */
  perViewer?: { view: ViewId; value: string; viewers: Array<{ platform: Platform; userId: string }> };
}

/** Per-viewer views of a message (Teams refresh verbs); each has a row in the permission table. */
export const VIEWS = {
  home: "view.home",
  review: "view.review",
} as const;
export type ViewId = (typeof VIEWS)[keyof typeof VIEWS];
export const VIEW_IDS: readonly string[] = Object.values(VIEWS);

/** Action ids shared by every platform. */
export const ACTIONS = {
  take: "proposal.take",
  sendBack: "proposal.send_back",
  reroute: "proposal.reroute",
  /** the window records that the company withdrew its proposal */
  withdraw: "proposal.withdraw",
  toBoard: "proposal.to_board",
  voteApprove: "review.approve",
  voteReject: "review.reject",
  voteChanges: "review.changes",
  voteRecuse: "review.recuse",
  closeRound: "review.close",
  registerAgreement: "agreement.register",
  recordNoAgreement: "agreement.no_agreement",
  approveException: "agreement.approve_exception",
  renew: "agreement.renew",
  letEnd: "agreement.let_end",
  report: "agreement.report",
  /** a department opens its survey answer (調査) */
  surveyAnswer: "survey.answer",
  /** the window marks a department's own partnership as needing its support (or done) */
  support: "agreement.support",
  /** a call for proposals' department (or the window) changes it: its text, a later deadline, or withdraws it */
  challengeEdit: "challenge.edit",
  challengeExtend: "challenge.extend",
  challengeWithdraw: "challenge.withdraw",
  /** Teams: confirms `bind <department code>` in the chat it was typed in */
  bindChannel: "channel.bind",
} as const;
export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];
export const ACTION_IDS: readonly string[] = Object.values(ACTIONS);

/** Forms (Slack modals, Teams card forms). */
export const FORMS = {
  newProposal: "form.new_proposal",
  takeUp: "form.take_up",
  toBoard: "form.to_board",
  sendBack: "form.send_back",
  reroute: "form.reroute",
  vote: "form.vote",
  agreement: "form.agreement",
  noAgreement: "form.no_agreement",
  report: "form.report",
  challenge: "form.challenge",
  challengeEdit: "form.challenge_edit",
  challengeExtend: "form.challenge_extend",
  challengeWithdraw: "form.challenge_withdraw",
  own: "form.own",
  withdraw: "form.withdraw",
  survey: "form.survey",
} as const;
export type FormId = (typeof FORMS)[keyof typeof FORMS];

export interface FormOption {
  value: string;
  label: string;
}

export interface FormField {
  name: string;
  label: string;
  kind: "text" | "textarea" | "date" | "select" | "multiselect" | "checkbox" | "email" | "url";
  required: boolean;
  options?: FormOption[];
  initial?: string | string[] | boolean;
  hint?: string;
  maxLength?: number;
}

export interface FormSpec {
  formId: FormId;
  title: string;
  submitLabel: string;
  /** ids carried through the form (Slack private_metadata); never personal data */
  context: string;
  intro?: string;
  fields: FormField[];
}

export type FormValues = Record<string, string | string[] | boolean | undefined>;

/**
 * What a failed send concerns: this message only (the platform refused its content, or it no longer
 * exists to update), or the channel (rate limit, outage, unknown channel, bad token).
 */
export type DeliveryScope = "message" | "channel";

/**
 * Raised by a ChatPort when a send fails, classified by the adapter (only it knows its platform's
 * errors); the outbox acts on the classification alone: a message failure sets that message aside and
 * its channel goes on, a channel failure holds the channel's lane.
 */
export class DeliveryFailure extends Error {
  override name = "DeliveryFailure";
  readonly scope: DeliveryScope;
  /** wait at least this long before the next try (HTTP Retry-After) */
  readonly retryAfterMs?: number;
  /** the platform refused for good (unknown channel, content it will never take): retrying soon will not help */
  readonly permanent: boolean;
  /**
   * the call may have reached the platform (no answer in time, the connection cut after sending): the
   * channel waits long enough for that call to settle before a retry, which may still repeat the message
   */
  readonly mayHaveArrived: boolean;

  constructor(
    /** the platform's reason, as operators read it (`outbox list`) */
    readonly reason: string,
    how: { scope?: DeliveryScope; retryAfterMs?: number; permanent?: boolean; mayHaveArrived?: boolean; untilRetried?: boolean } = {},
  ) {
    super(reason);
    this.scope = how.scope ?? "channel";
    this.retryAfterMs = how.retryAfterMs;
    this.permanent = how.permanent ?? false;
    this.mayHaveArrived = how.mayHaveArrived ?? false;
    this.untilRetried = how.untilRetried ?? false;
  }
  /**
   * refused for good and never tried again by itself (a mail server's 5xx for an address): set aside until
   * an operator retries it (`outbox retry`), its reason in `outbox list`
   */
  readonly untilRetried: boolean;
}

/** Network errors of a request that never left this machine or never reached the platform's server. */
const NOT_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ERR_INVALID_URL|certificate/i;

/**
 * Whether a request that failed without the platform's answer may still have reached it: a time-out or
 * a connection cut after sending may have; a refused connection or an unknown host has not.
 */
export function mayHaveArrived(e: unknown): boolean {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 4; depth++) {
    const x = cur as { name?: string; code?: string; message?: string; original?: unknown; cause?: unknown };
    parts.push(`${x.name ?? ""} ${x.code ?? ""} ${x.message ?? ""}`);
    cur = x.original ?? x.cause;
  }
  return !NOT_SENT.test(parts.join(" "));
}

/** What every platform adapter must do. Sends throw DeliveryFailure on failure. */
/** At most `count` sends to one channel in any `perMs` (a platform's per-conversation limit). */
export interface SendWindow {
  count: number;
  perMs: number;
}

/**
 * What the outbox delivers through: a chat platform (ChatPort) or mail (src/platforms/mail). The body is
 * the outbox row's JSON, as the use case queued it for that platform.
 */
export interface Courier {
  readonly platform: LanePlatform;
  readonly sendWindows?: readonly SendWindow[];
  post(channel: string, message: unknown, threadRef?: string, tenant?: string): Promise<{ ref: string }>;
  update(channel: string, ref: string, message: unknown, tenant?: string): Promise<void>;
}

export interface ChatPort {
  readonly platform: Platform;
  /** limits a platform sets per conversation over spans longer than the pace (shared by every process) */
  readonly sendWindows?: readonly SendWindow[];
  /** posts a message (in the thread of `threadRef` if given); returns the platform's id of it */
  /** `tenant`: the municipality that queued it (whose Slack installation sends, in OAuth mode) */
  post(channel: string, message: ChatMessage, threadRef?: string, tenant?: string): Promise<{ ref: string }>;
  /** replaces a message posted earlier */
  update(channel: string, ref: string, message: ChatMessage, tenant?: string): Promise<void>;
}

/** Who did something, as the platform verified it. */
export interface Actor {
  platform: Platform | "api" | "web" | "system" | "cli";
  userId: string;
  /** the channel or conversation the action came from (verified by the platform) */
  channelId?: string;
  /**
   * a person of another organisation (a Slack Connect user, whose workspace is neither the installation's
   * team nor its enterprise): never staff, window or board, whatever channel they are in
   */
  external?: boolean;
}

export const SYSTEM: Actor = { platform: "system", userId: "system" };

/**
 * Neutral markup inside message text. Text from outside is plain: every renderer escapes it for its
 * target (mrkdwn, Adaptive Card Markdown). Only these marks, which no outside text can carry (Unicode
 * noncharacters, refused at every edge), become formatting: bold and mentions.
 */
export const MARK = { boldOpen: "\uFDD0", boldClose: "\uFDD1", mentionOpen: "\uFDD2", mentionClose: "\uFDD3", sep: "\uFDD4" } as const;
/** Unicode noncharacters: never in text from outside (the edges refuse them), so marks cannot be forged */
export const NONCHARACTERS = /[\uFDD0-\uFDEF\uFFFE\uFFFF]/;

/** Bold words in a neutral message. */
export function bold(text: string): string {
  return `${MARK.boldOpen}${text}${MARK.boldClose}`;
}

/** Someone to mention: a Slack user id, an Azure AD object id in Teams, and the name to show. */
export interface MentionTarget {
  slack?: string;
  teams?: string;
  name?: string;
}

/** A neutral mention; each renderer turns it into its platform's mention (or the name, where it has no id). */
export function mention(who: Actor | MentionTarget): string {
  const t: MentionTarget =
    "platform" in who ? (who.platform === "slack" ? { slack: who.userId } : who.platform === "teams" ? { teams: who.userId } : { name: who.userId }) : who;
  const clean = (s: string | undefined) => (s ?? "").replace(/[\uFDD0-\uFDEF]/g, "");
  return `${MARK.mentionOpen}${clean(t.slack)}${MARK.sep}${clean(t.teams)}${MARK.sep}${clean(t.name)}${MARK.mentionClose}`;
}

export const MENTION_PATTERN = /\uFDD2([^\uFDD2-\uFDD4]*)\uFDD4([^\uFDD2-\uFDD4]*)\uFDD4([^\uFDD2-\uFDD4]*)\uFDD3/g;
export const BOLD_PATTERN = /\uFDD0([^\uFDD0\uFDD1]*)\uFDD1/g;

/** The text with its marks taken out: mentions as @name, bold as plain (notifications, plain text). */
export function unmarked(text: string): string {
  return text
    .replace(MENTION_PATTERN, (_m, slack: string, teams: string, name: string) => `@${name || slack || teams}`)
    .replace(/[\uFDD0-\uFDD4]/g, "");
}
