/**
 * The platform-neutral chat model. Use cases build these; each platform folder renders them
 * (Block Kit for Slack, Adaptive Cards for Teams) and implements ChatPort.
 */
export const PLATFORMS = ["slack", "teams"] as const;
export type Platform = (typeof PLATFORMS)[number];

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
  | { type: "actions"; actions: ActionButton[] }
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
}

/** Action ids shared by every platform. */
export const ACTIONS = {
  take: "proposal.take",
  sendBack: "proposal.send_back",
  reroute: "proposal.reroute",
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

/** Raised by a ChatPort when a send fails; the outbox decides when to try again. */
export class ChatDeliveryError extends Error {
  override name = "ChatDeliveryError";
  constructor(
    message: string,
    /** wait at least this long before the next try (HTTP Retry-After) */
    readonly retryAfterMs?: number,
    /** the platform refused for good (unknown channel, not in channel): retrying will not help */
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** What every platform adapter must do. Sends throw ChatDeliveryError on failure. */
export interface ChatPort {
  readonly platform: Platform;
  /** posts a message (in the thread of `threadRef` if given); returns the platform's id of it */
  post(channel: string, message: ChatMessage, threadRef?: string): Promise<{ ref: string }>;
  /** replaces a message posted earlier */
  update(channel: string, ref: string, message: ChatMessage): Promise<void>;
}

/** Who did something, as the platform verified it. */
export interface Actor {
  platform: Platform | "api" | "web" | "system" | "cli";
  userId: string;
  /** the channel or conversation the action came from (verified by the platform) */
  channelId?: string;
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
