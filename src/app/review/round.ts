/** 連携事業審査会 (§5(1)): a review round's card (tally and voters, kept in step), opening a round, and closing one with its decision. */
import { randomUUID } from "node:crypto";
import { noteStage } from "../notices/stage";
import { tokyoDate, tokyoTime } from "../../domain/calendar";
import { assertTransition, formatProposalNumber } from "../../domain/proposal";
import { tally, type Decision, type VoteChoice } from "../../domain/review";
import { ACTIONS, VIEWS, type Actor, type ChatMessage, type MessageBlock } from "../../ports/chat";
import type { CompanyRecord, ProposalRecord, Repos, RoundRecord, VoteRecord } from "../../ports/store";
import { notFound } from "../../domain/errors";
import { audit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { postTo, replaceAt } from "../outbox/post";
import { roundKey, routingKey, summaryKey } from "../outbox/keys";
import { proposalFields, textMessage } from "../proposals/messages";
import { refreshProposalMessages } from "../proposals/refresh-messages";
import { planRoundReminders } from "../reminders/planner";


const CHOICE_LABEL = (ctx: AppContext, c: VoteChoice) =>
  ({ approve: ctx.t.review.approve, reject: ctx.t.review.reject, changes: ctx.t.review.changes, recuse: ctx.t.review.recuse })[c];

/**
 * The round's card. Everyone sees the tally and who voted how; without a `viewer` it is the card the
 * board's channel gets, whose buttons only board members see where the platform can show each viewer
 * their own card (perViewer); with one, it is that person's card: a member's own vote and their buttons
 * (closing is the chair's), nothing to press for anyone else.
 */
export function roundCard(ctx: AppContext, p: ProposalRecord, c: CompanyRecord, round: RoundRecord, votes: VoteRecord[], earlier: RoundRecord[], viewer?: Actor): ChatMessage {
  const t = ctx.t;
  const number = formatProposalNumber(p.number);
  const members = ctx.dir.boardMembers();
  const tl = tally(members.map((m) => m.key), votes);
  const nameOf = (key: string) => members.find((m) => m.key === key)?.name ?? key;
  const blocks: MessageBlock[] = [
    { type: "header", text: t.review.header(number, round.number) },
    { type: "text", text: p.title },
    {
      type: "fields",
      fields: [
        ...proposalFields(t, ctx.dir, p, c),
        { label: t.owner, value: p.ownerDepartment ? ctx.dir.unitName(p.ownerDepartment) : "-" },
        { label: t.review.deadline, value: `${t.date(tokyoDate(round.deadline))} 17:00` },
      ],
    },
    { type: "text", text: `${t.review.opinion}: ${p.ownerOpinion ?? t.review.noOpinion}` },
    { type: "text", text: p.summary.slice(0, 2000) },
  ];
  if (earlier.length) {
    blocks.push({
      type: "context",
      text: `${t.review.history}: ${earlier.map((e) => `#${e.number} ${t.review.outcome[e.state]}`).join(" / ")}`,
    });
  }
  blocks.push({ type: "context", text: t.review.tally(tl.approve, tl.reject, tl.changes, tl.recused, ctx.dir.org.board.quorum) });
  const byChoice = (["approve", "reject", "changes", "recuse"] as const)
    .map((choice) => [choice, votes.filter((v) => v.choice === choice).map((v) => nameOf(v.memberId))] as const)
    .filter(([, names]) => names.length > 0)
    .map(([choice, names]) => t.review.votersOf(CHOICE_LABEL(ctx, choice), t.list(names)));
  if (byChoice.length) blocks.push({ type: "text", text: byChoice.join("\n") });
  const member = viewer && ctx.dir.boardMember(viewer);
  if (round.state === "open" && (!viewer || member)) {
    const own = member && votes.find((v) => v.memberId === member.key);
    if (member) blocks.push({ type: "context", text: own ? t.review.yourVote(CHOICE_LABEL(ctx, own.choice)) : t.review.notVotedYet });
    blocks.push({ type: "context", text: t.review.ask });
    const voteButtons = [
      { actionId: ACTIONS.voteApprove, label: t.review.approve, value: round.id, style: "primary" as const },
      { actionId: ACTIONS.voteReject, label: t.review.reject, value: round.id, style: "danger" as const },
      { actionId: ACTIONS.voteChanges, label: t.review.changes, value: round.id },
      { actionId: ACTIONS.voteRecuse, label: t.review.recuse, value: round.id },
    ];
    const close = { actionId: ACTIONS.closeRound, label: t.review.close, value: round.id };
    blocks.push({ type: "actions", viewersOnly: !viewer, actions: !member ? [...voteButtons, close] : member.chair ? [...voteButtons, close] : voteButtons });
  } else if (round.state !== "open") {
    const how = round.closeReason ? t.review.closedBy[round.closeReason] : "";
    blocks.push({ type: "header", text: `${t.review.outcome[round.state]}${how ? ` (${how})` : ""}` });
  }
  const text = `${t.review.header(number, round.number)}: ${p.title}`;
  if (round.state !== "open") return { text, blocks };
  const viewers = members.flatMap((m) => [
    ...(m.slack ? [{ platform: "slack" as const, userId: m.slack }] : []),
    ...(m.teams ? [{ platform: "teams" as const, userId: m.teams }] : []),
  ]);
  return { text, blocks, perViewer: { view: VIEWS.review, value: round.id, viewers } };
}

/** One person's view of a round's card (Teams refreshes the board's card with it for each member). */
export async function roundView(ctx: AppContext, roundId: string, viewer: Actor): Promise<ChatMessage> {
  const r = ctx.store.read;
  const round = await r.rounds.get(roundId);
  if (!round) throw notFound();
  const p = (await r.proposals.get(round.proposalId))!;
  const c = (await r.companies.get(p.companyId))!;
  const all = await r.rounds.listByProposal(p.id);
  return roundCard(ctx, p, c, round, await r.votes.listByRound(round.id), all.filter((x) => x.number < round.number), viewer);
}

/** Redraws the round's card; `known` is what the caller has just read or written (not read again). */
export async function refreshCard(ctx: AppContext, r: Repos, roundId: string, known: { round?: RoundRecord; votes?: VoteRecord[] } = {}): Promise<void> {
  const round = known.round ?? (await r.rounds.get(roundId))!;
  const p = (await r.proposals.get(round.proposalId))!;
  const c = (await r.companies.get(p.companyId))!;
  const all = await r.rounds.listByProposal(p.id);
  const votes = known.votes ?? (await r.votes.listByRound(round.id));
  await replaceAt(r, ctx.dir.boardChannels(), roundKey(round.id), roundCard(ctx, p, c, round, votes, all.filter((x) => x.number < round.number)));
}

/** Opens a new round inside the caller's transaction and posts the card to the board. */
export async function openRoundTx(ctx: AppContext, r: Repos, proposalId: string, actor: Actor, opinion?: string): Promise<RoundRecord> {
  const p = (await r.proposals.get(proposalId))!;
  const rounds = await r.rounds.listByProposal(p.id);
  const open = rounds.find((x) => x.state === "open");
  if (open) return open;
  assertTransition(p.status, "in_review");
  const today = tokyoDate(ctx.clock.now());
  const deadline = tokyoTime(ctx.calendar.addBusinessDays(today, ctx.dir.org.board.deadlineBusinessDays), 17);
  const round = await r.rounds.create({
    id: randomUUID(),
    proposalId: p.id,
    number: rounds.length + 1,
    state: "open",
    openedAt: ctx.clock.now(),
    openedBy: `${actor.platform}:${actor.userId}`,
    deadline,
  });
  const updated = await r.proposals.update(p.id, { status: "in_review", ownerOpinion: opinion?.trim() || p.ownerOpinion });
  await noteStage(ctx, r, p, "in_review");
  await audit(r, actor, { action: "review.opened", subjectType: "round", subjectId: round.id, proposalId: p.id, data: { number: round.number, deadline: deadline.toISOString() } });
  const c = (await r.companies.get(p.companyId))!;
  await postTo(r, ctx.dir.boardChannels(), roundKey(round.id), roundCard(ctx, updated, c, round, [], rounds));
  const note = textMessage(ctx.t.review.sentToBoard(formatProposalNumber(p.number)));
  await postTo(r, ctx.dir.windowChannels(), summaryKey(p.id, { what: "round", roundId: round.id }), note, summaryKey(p.id));
  await planRoundReminders(ctx, r, round);
  return round;
}

export async function closeRoundTx(ctx: AppContext, r: Repos, round: RoundRecord, decision: Decision | "no_decision", reason: "majority" | "chair" | "deadline", actor: Actor): Promise<void> {
  const now = ctx.clock.now();
  await r.rounds.update(round.id, { state: decision, closedAt: now, closedBy: `${actor.platform}:${actor.userId}`, closeReason: reason });
  const p = (await r.proposals.get(round.proposalId))!;
  const status = decision === "no_decision" ? "taken" : decision;
  assertTransition(p.status, status);
  await r.proposals.update(p.id, { status });
  await noteStage(ctx, r, p, status);
  const votes = await r.votes.listByRound(round.id);
  const tl = tally(ctx.dir.boardMembers().map((m) => m.key), votes);
  await audit(r, actor, { action: "review.closed", subjectType: "round", subjectId: round.id, proposalId: p.id, data: { decision, reason, tally: tl } });
  await refreshCard(ctx, r, round.id);

  const t = ctx.t;
  const number = formatProposalNumber(p.number);
  let text = t.review.decided(number, t.review.outcome[decision], t.review.closedBy[reason]);
  const comments = votes.filter((v) => v.choice === "changes" && v.comment).map((v) => `• ${v.comment}`);
  if (decision === "changes_requested" && comments.length) text += `\n${t.review.commentsFromBoard}:\n${comments.join("\n")}`;
  const message = textMessage(text);
  await postTo(r, ctx.dir.boardChannels(), roundKey(round.id, { what: "decision" }), message, roundKey(round.id));
  await postTo(r, ctx.dir.windowChannels(), summaryKey(p.id, { what: "decision", roundId: round.id }), message, summaryKey(p.id));
  const owner = (await r.routings.listByProposal(p.id)).find((x) => x.state === "taken");
  if (owner) await postTo(r, ctx.dir.channels(owner.departmentCode), routingKey(owner.id, { what: "decision", roundId: round.id }), message, routingKey(owner.id));
  await refreshProposalMessages(ctx, r, p.id);
  await r.reminders.cancelForSubject("round", round.id);
}
