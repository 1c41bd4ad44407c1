/** Who is who in the organisation config: the window, departments, the board, and the channels of each. Who may do what is src/app/permissions.ts. */
import type { DepartmentConfig, OrgConfig, PersonConfig } from "../../config/org";
import { personKey } from "../../config/org";
import type { Locale } from "../../i18n";
import type { Actor, Platform } from "../../ports/chat";

export interface ChannelAddress {
  platform: Platform;
  channel: string;
}

export interface BoardMember {
  key: string;
  name: string;
  chair: boolean;
  slack?: string;
  teams?: string;
}

function channelsOf(x: { slackChannel?: string; teamsChannel?: string }): ChannelAddress[] {
  const out: ChannelAddress[] = [];
  if (x.slackChannel) out.push({ platform: "slack", channel: x.slackChannel });
  if (x.teamsChannel) out.push({ platform: "teams", channel: x.teamsChannel });
  return out;
}

const isPerson = (actor: Actor, p: PersonConfig) =>
  (actor.platform === "slack" && p.slack === actor.userId) || (actor.platform === "teams" && p.teams === actor.userId);

export class OrgDirectory {
  /** Teams channels bound to departments at run time (`bind <code>`), by conversation id. */
  private readonly boundChannels = new Map<string, string>();

  constructor(
    readonly org: OrgConfig,
    readonly locale: Locale,
  ) {}

  get windowCode(): string {
    return this.org.window.code;
  }

  department(code: string): DepartmentConfig | undefined {
    return this.org.departments.find((d) => d.code === code);
  }

  isKnownUnit(code: string): boolean {
    return code === this.windowCode || this.department(code) !== undefined;
  }

  /**
   * The fields (分野) proposals may be filed under: the configured catalogue, else every field some
   * department routes on. Codes are what is stored; names are what people see.
   */
  fieldOptions(locale = this.locale): Array<{ value: string; label: string }> {
    const named = new Map(this.org.fields.map((f) => [f.code, f.name[locale]]));
    const codes = [...named.keys(), ...this.org.departments.flatMap((d) => d.fields)];
    return [...new Set(codes)].map((code) => ({ value: code, label: named.get(code) ?? code }));
  }

  /** A field's name in the configured language (the code itself if the catalogue has no name for it). */
  fieldName(code: string): string {
    return this.org.fields.find((f) => f.code === code)?.name[this.locale] ?? code;
  }

  /** A department's or the window's name in the configured language (or the one asked for: a public page's). */
  unitName(code: string, locale = this.locale): string {
    if (code === this.windowCode) return this.org.window.name[locale];
    return this.department(code)?.name[locale] ?? code;
  }

  channels(code: string): ChannelAddress[] {
    const d = this.department(code);
    const out = code === this.windowCode ? channelsOf(this.org.window) : d ? channelsOf(d) : [];
    for (const [conversation, dept] of this.boundChannels) {
      if (dept === code && !out.some((c) => c.channel === conversation)) out.push({ platform: "teams", channel: conversation });
    }
    return out;
  }

  windowChannels(): ChannelAddress[] {
    return this.channels(this.windowCode);
  }

  boardChannels(): ChannelAddress[] {
    return channelsOf(this.org.board);
  }

  bindTeamsChannel(conversationId: string, departmentCode: string): void {
    this.boundChannels.set(conversationId, departmentCode);
  }

  unbindTeamsChannel(conversationId: string): void {
    this.boundChannels.delete(conversationId);
  }

  /** All bindings at once, as the database has them (made or undone by any process). */
  setTeamsBindings(bindings: ReadonlyMap<string, string>): void {
    this.boundChannels.clear();
    for (const [conversation, code] of bindings) this.boundChannels.set(conversation, code);
  }

  boardMembers(): BoardMember[] {
    return this.org.board.members.map((m) => ({ key: personKey(m), name: m.name, chair: m.chair, slack: m.slack, teams: m.teams }));
  }

  boardMember(actor: Actor): BoardMember | undefined {
    const m = this.org.board.members.find((p) => isPerson(actor, p));
    return m && { key: personKey(m), name: m.name, chair: m.chair, slack: m.slack, teams: m.teams };
  }

  /** The name the org config gives a person (window, departments, board), else their platform id. */
  personName(actor: Actor): string {
    const people = [...this.org.window.members, ...this.org.departments.flatMap((d) => d.members), ...this.org.board.members];
    return people.find((p) => isPerson(actor, p))?.name ?? actor.userId;
  }

  /** Listed in window.members (by Slack or Teams id). */
  isWindowMember(actor: Actor): boolean {
    return this.org.window.members.some((p) => isPerson(actor, p));
  }

  /** Acting from the window's own (private) channel. */
  inWindowChannel(actor: Actor): boolean {
    return actor.channelId !== undefined && this.windowChannels().some((c) => c.platform === actor.platform && c.channel === actor.channelId);
  }

  /** A member of the department: listed in its members, or acting from its channel. */
  belongsTo(actor: Actor, code: string): boolean {
    const d = this.department(code);
    if (!d || code === this.windowCode) return false;
    if (d.members.some((p) => isPerson(actor, p))) return true;
    return actor.channelId !== undefined && this.channels(code).some((c) => c.platform === actor.platform && c.channel === actor.channelId);
  }
}
