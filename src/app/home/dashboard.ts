/**
 * The dashboard (Slack App Home, the Teams personal chat's card): what is waiting on the viewer. The
 * window and the planning division see the whole office; a department's members see their departments'
 * proposals, agreements and reports; a board member sees the rounds waiting for their vote.
 */
import { addDays, tokyoDate } from "../../domain/calendar";
import { formatProposalNumber } from "../../domain/proposal";
import { bold, VIEWS, type Actor, type ChatMessage, type MessageBlock, type Platform } from "../../ports/chat";
import { lineBlocks, summarised } from "../kernel/paging";
import { helpEntries, helpText } from "../help";
import type { AppContext } from "../kernel/context";
import { rolesOf } from "../permissions";

const SOON_DAYS = 90;
/** a status report counts as due when it is asked for within this many days (or already asked for) */
const REPORT_DAYS = 30;
/** the dashboard shows this many of each list and counts the rest ("n more") */
const OPEN_SHOWN = 40;
const SOON_SHOWN = 30;
/** read more than shown, so that "n more" is a true count (a city office has far fewer open at once) */
const READ = 1000;

/** Whose work the viewer sees: every department's (the window, planning), some, or none. */
function scopeOf(ctx: AppContext, actor: Actor): { all: boolean; unplaced: boolean; departments: string[]; board: boolean } {
  const roles = rolesOf(ctx, actor, null);
  const board = roles.has("boardMember") || roles.has("boardChair");
  const departments = actor.external ? [] : ctx.dir.org.departments.filter((d) => ctx.dir.belongsTo(actor, d.code)).map((d) => d.code);
  const oversight = roles.has("windowMember") || roles.has("windowChannel") || roles.has("planning");
  // staff the config does not place (a department's channel is what places most of them) see the whole
  // office, as everyone in the workspace always did; people of another organisation see nothing
  const unplaced = !actor.external && (actor.platform === "slack" || actor.platform === "teams") && !departments.length && !board;
  return { all: oversight || unplaced, unplaced: unplaced && !oversight, departments: oversight ? [] : departments, board };
}

export async function homeView(ctx: AppContext, actor: Actor): Promise<ChatMessage> {
  const platform: Platform = actor.platform === "teams" ? "teams" : "slack";
  const t = ctx.t;
  const r = ctx.store.read;
  const scope = scopeOf(ctx, actor);
  const mine = (code: string | null | undefined) => scope.all || (code != null && scope.departments.includes(code));
  const today = tokyoDate(ctx.clock.now());
  const blocks: MessageBlock[] = [{ type: "header", text: t.home.title }];
  const section = (title: string, lines: string[]) => {
    blocks.push({ type: "text", text: bold(title) }, ...lineBlocks(lines.length ? lines : [t.home.none]), { type: "divider" });
  };

  if (scope.all || scope.departments.length) {
    // proposals owned by the viewer's departments, and those waiting for them to take up
    const waiting = scope.all ? [] : await r.routings.pendingFor(scope.departments, READ);
    const waitingIds = new Set(waiting.map((w) => w.proposalId));
    const open = (await r.proposals.listOpen(READ)).filter((p) => mine(p.ownerDepartment) || waitingIds.has(p.id));
    section(
      scope.all ? t.home.open : t.home.openMine,
      summarised(t, open, OPEN_SHOWN, (p) => `${formatProposalNumber(p.number)} ${p.title} — ${t.status[p.status]}${p.ownerDepartment ? ` / ${ctx.dir.unitName(p.ownerDepartment)}` : ""}`),
    );
    const soon = (await r.agreements.list({ state: "active" })).filter((a) => mine(a.departmentCode) && a.endDate && a.endDate <= addDays(today, SOON_DAYS));
    section(
      t.home.endingSoon(SOON_DAYS),
      summarised(t, soon, SOON_SHOWN, (a) => `${t.until(t.date(a.endDate!))} ${a.title} / ${ctx.dir.unitName(a.departmentCode)}${a.endDecision ? t.aside(a.endDecision === "renew" ? t.agreement.renew : t.agreement.letEnd) : ""}`),
    );
    // a report is due when its request is near (followup) or it was asked for and has not come (report_chase)
    const reminders = await r.reminders.plannedOfKinds(["followup", "report_chase"], new Date(ctx.clock.now().getTime() + REPORT_DAYS * 86_400_000), READ);
    const due: string[] = [];
    const seen = new Set<string>();
    for (const rem of reminders) {
      if (seen.has(rem.subjectId)) continue;
      seen.add(rem.subjectId);
      const a = await r.agreements.get(rem.subjectId);
      if (!a || !mine(a.departmentCode)) continue;
      const when = rem.kind === "report_chase" ? t.home.reportAsked : t.home.reportFrom(t.date(tokyoDate(rem.dueAt)));
      due.push(`${a.title} / ${ctx.dir.unitName(a.departmentCode)} — ${when}`);
    }
    section(t.home.reportsDue, summarised(t, due, SOON_SHOWN, (line) => line));
  }

  if (scope.board) {
    const member = ctx.dir.boardMember(actor)!;
    // every open round (a deadline is never a century away)
    const rounds = await r.rounds.listOpenDue(new Date(ctx.clock.now().getTime() + 100 * 365 * 86_400_000));
    const lines: string[] = [];
    for (const round of rounds) {
      const votes = await r.votes.listByRound(round.id);
      if (votes.some((v) => v.memberId === member.key)) continue;
      const p = await r.proposals.get(round.proposalId);
      if (p) lines.push(`${formatProposalNumber(p.number)} ${p.title} — ${t.until(t.date(tokyoDate(round.deadline)))}`);
    }
    section(t.home.votesWaiting, summarised(t, lines, SOON_SHOWN, (line) => line));
  }

  if (scope.unplaced) blocks.push({ type: "context", text: t.home.notListed }, { type: "divider" });
  else if (!scope.all && !scope.departments.length && !scope.board) blocks.push({ type: "text", text: t.home.none }, { type: "divider" });
  blocks.push({ type: "context", text: helpText(helpEntries(t, platform), platform === "slack" ? "/partner " : "") });
  // Teams refreshes the card for the viewer whenever they open it (their personal chat with the bot)
  return { text: t.home.title, blocks, perViewer: { view: VIEWS.home, value: "", viewers: [{ platform, userId: actor.userId }] } };
}
