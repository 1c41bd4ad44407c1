/** 連携事業審査会: review rounds decided by the board in a chat thread (policy §5(1)). */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { tokyoDate, tokyoTime } from "../../domain/calendar";
import { conflict, forbidden, notFound } from "../../domain/errors";
import { assertTransition, formatProposalNumber } from "../../domain/proposal";
import { decideAtClose, decideIfClear, tally, type Decision, type VoteChoice } from "../../domain/review";
import { ACTIONS, SYSTEM, type Actor, type ChatMessage, type MessageBlock } from "../../ports/chat";
import type { CompanyRecord, ProposalRecord, Repos, RoundRecord, VoteRecord } from "../../ports/store";
import { audit, commit } from "../kernel/commit";
import { postTo, replaceAt } from "../outbox/post";
import { type AppContext } from "../kernel/context";
import { authorize } from "../permissions";
import { refreshProposalMessages } from "../proposals/refresh-messages";
import { roundKey, routingKey, summaryKey } from "../outbox/keys";
import { proposalFields, textMessage } from "../proposals/messages";
import { planRoundReminders } from "../reminders/planner";
import { parseInput } from "../kernel/parse-input";


const CHOICE_LABEL = (ctx: AppContext, c: VoteChoice) =>
  ({ approve: ctx.t.review.approve, reject: ctx.t.review.reject, changes: ctx.t.review.changes, recuse: ctx.t.review.recuse })[c];

export function roundCard(ctx: AppContext, p: ProposalRecord, c: CompanyRecord, round: RoundRecord, votes: VoteRecord[], earlier: RoundRecord[]): ChatMessage {
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
  if (round.state === "open") {
    blocks.push({ type: "context", text: t.review.ask });
    blocks.push({
      type: "actions",
      actions: [
        { actionId: ACTIONS.voteApprove, label: t.review.approve, value: round.id, style: "primary" },
        { actionId: ACTIONS.voteReject, label: t.review.reject, value: round.id, style: "danger" },
        { actionId: ACTIONS.voteChanges, label: t.review.changes, value: round.id },
        { actionId: ACTIONS.voteRecuse, label: t.review.recuse, value: round.id },
        { actionId: ACTIONS.closeRound, label: t.review.close, value: round.id },
      ],
    });
  } else {
    const how = round.closeReason ? t.review.closedBy[round.closeReason] : "";
    blocks.push({ type: "header", text: `${t.review.outcome[round.state]}${how ? ` (${how})` : ""}` });
  }
  return { text: `${t.review.header(number, round.number)}: ${p.title}`, blocks };
}

/** Redraws the round's card; `known` is what the caller has just read or written (not read again). */
async function refreshCard(ctx: AppContext, r: Repos, roundId: string, known: { round?: RoundRecord; votes?: VoteRecord[] } = {}): Promise<void> {
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
  await audit(r, actor, { action: "review.opened", subjectType: "round", subjectId: round.id, proposalId: p.id, data: { number: round.number, deadline: deadline.toISOString() } });
  const c = (await r.companies.get(p.companyId))!;
  await postTo(r, ctx.dir.boardChannels(), roundKey(round.id), roundCard(ctx, updated, c, round, [], rounds));
  const note = textMessage(ctx.t.review.sentToBoard(formatProposalNumber(p.number)));
  await postTo(r, ctx.dir.windowChannels(), summaryKey(p.id, { what: "round", roundId: round.id }), note, summaryKey(p.id));
  await planRoundReminders(ctx, r, round);
  return round;
}

export const opinionSchema = z.object({ opinion: z.string().trim().min(1, "意見を入力してください / an opinion is required").max(3000) });

/** The owning department (or the window) sends a proposal to the board, with the department's opinion. */
export async function sendToBoard(ctx: AppContext, proposalId: string, input: unknown, actor: Actor): Promise<{ roundId: string }> {
  const { opinion } = parseInput(opinionSchema, input);
  await authorize(ctx, actor, ACTIONS.toBoard, proposalId);
  return commit(ctx, async (r) => {
    const round = await openRoundTx(ctx, r, proposalId, actor, opinion);
    await refreshProposalMessages(ctx, r, proposalId);
    return { roundId: round.id };
  });
}

export const voteSchema = z
  .object({ choice: z.enum(["approve", "reject", "changes", "recuse"]), comment: z.string().trim().max(3000).optional() })
  .refine((v) => v.choice !== "changes" || (v.comment ?? "").length > 0, { path: ["comment"], message: "差戻しの理由を入力してください / say what should change" });

export interface VoteResult {
  roundState: string;
  changed: boolean;
}

/** A board member votes (or declares a conflict of interest). One vote per member per round; it may change until the round closes. */
export async function vote(ctx: AppContext, roundId: string, input: unknown, actor: Actor): Promise<VoteResult> {
  const { choice, comment } = parseInput(voteSchema, input);
  const op = { approve: ACTIONS.voteApprove, reject: ACTIONS.voteReject, changes: ACTIONS.voteChanges, recuse: ACTIONS.voteRecuse }[choice];
  const round0 = await authorize(ctx, actor, op, roundId);
  const subject = { action: "review.vote", subjectType: "round", subjectId: round0.id, proposalId: round0.proposalId };
  const member = ctx.dir.boardMember(actor)!;
  return commit(ctx, async (r) => {
    const round = (await r.rounds.get(roundId))!;
    if (round.state !== "open") throw conflict(ctx.t.review.closedAlready);
    const earlier = await r.votes.listByRound(round.id);
    const before = earlier.find((v) => v.memberId === member.key);
    if (before && before.choice === choice && (before.comment ?? undefined) === comment) return { roundState: round.state, changed: false };
    const mine = await r.votes.upsert({ roundId: round.id, memberId: member.key, choice, comment: comment ?? null, platform: actor.platform });
    await audit(r, actor, { ...subject, data: { member: member.key, choice, previous: before?.choice ?? null } });
    // the round's votes now: read once above, this one put in (the transaction holds the write lock)
    const votes = [...earlier.filter((v) => v.memberId !== member.key), mine];
    const decision = decideIfClear(tally(ctx.dir.boardMembers().map((m) => m.key), votes), ctx.dir.org.board.quorum);
    if (decision) {
      await closeRoundTx(ctx, r, round, decision, "majority", actor);
      return { roundState: decision, changed: true };
    }
    await refreshCard(ctx, r, round.id, { round, votes });
    return { roundState: "open", changed: true };
  });
}

/** The chair closes the round: the plurality decides if the quorum voted. */
export async function closeRound(ctx: AppContext, roundId: string, actor: Actor): Promise<{ roundState: string }> {
  await authorize(ctx, actor, ACTIONS.closeRound, roundId);
  return commit(ctx, async (r) => {
    const round = (await r.rounds.get(roundId))!;
    if (round.state !== "open") return { roundState: round.state };
    const votes = await r.votes.listByRound(round.id);
    const decision = decideAtClose(tally(ctx.dir.boardMembers().map((m) => m.key), votes), ctx.dir.org.board.quorum);
    await closeRoundTx(ctx, r, round, decision, "chair", actor);
    return { roundState: decision };
  });
}

/** Rounds past their deadline close themselves (run by the reminder sweep). */
export async function closeDueRounds(ctx: AppContext, now: Date): Promise<number> {
  const due = await ctx.store.read.rounds.listOpenDue(now);
  let closed = 0;
  for (const round0 of due) {
    try {
      await commit(ctx, async (r) => {
        const round = (await r.rounds.get(round0.id))!;
        if (round.state !== "open") return;
        const votes = await r.votes.listByRound(round.id);
        const decision = decideAtClose(tally(ctx.dir.boardMembers().map((m) => m.key), votes), ctx.dir.org.board.quorum);
        await closeRoundTx(ctx, r, round, decision, "deadline", SYSTEM);
      });
      closed++;
    } catch (e) {
      // one broken round must not stop the sweep (and every reminder behind it)
      ctx.log.error({ roundId: round0.id, err: (e as Error).message }, "could not close a round at its deadline");
    }
  }
  return closed;
}

async function closeRoundTx(ctx: AppContext, r: Repos, round: RoundRecord, decision: Decision | "no_decision", reason: "majority" | "chair" | "deadline", actor: Actor): Promise<void> {
  const now = ctx.clock.now();
  await r.rounds.update(round.id, { state: decision, closedAt: now, closedBy: `${actor.platform}:${actor.userId}`, closeReason: reason });
  const p = (await r.proposals.get(round.proposalId))!;
  const status = decision === "no_decision" ? "taken" : decision;
  assertTransition(p.status, status);
  await r.proposals.update(p.id, { status });
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
