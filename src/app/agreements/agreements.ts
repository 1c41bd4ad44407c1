/** 協定: registering, exceptions, renewal as a new linked agreement, and going ahead without one (§6(3)). */
import { randomUUID } from "node:crypto";
import { addDays, tokyoDate } from "../../domain/calendar";
import { checkTerms, formatAgreementNumber, maxEndDate } from "../../domain/agreement";
import { conflict, forbidden, invalid, notFound } from "../../domain/errors";
import { assertTransition, formatProposalNumber } from "../../domain/proposal";
import { ACTIONS, type Actor, type ChatMessage, type MessageBlock } from "../../ports/chat";
import type { AgreementRecord, Repos } from "../../ports/store";
import { upsertCompany } from "../companies/directory";
import { audit, commit } from "../kernel/commit";
import { agreementKey } from "../outbox/keys";
import { encodeAgreementContext } from "./form-context";
import { postTo, replaceAt, uniqueAddresses } from "../outbox/post";
import { type AppContext } from "../kernel/context";
import { authorize } from "../permissions";
import { agreementInputSchema, noAgreementSchema } from "./schema";
import { refreshProposalMessages } from "../proposals/refresh-messages";
import { textMessage } from "../proposals/messages";
import { planAgreementReminders } from "../reminders/planner";
import { parseInput } from "../kernel/parse-input";
import { openRoundTx } from "../review/review";


function audience(ctx: AppContext, a: AgreementRecord) {
  return uniqueAddresses([...ctx.dir.channels(a.departmentCode), ...ctx.dir.windowChannels()]);
}

export async function agreementCard(ctx: AppContext, r: Repos, a: AgreementRecord): Promise<ChatMessage> {
  const t = ctx.t;
  const ta = t.agreement;
  const number = formatAgreementNumber(a.number);
  const company = (await r.companies.get(a.companyId))!;
  const predecessor = a.predecessorId ? await r.agreements.get(a.predecessorId) : null;
  const successor = await r.agreements.getSuccessor(a.id);
  const fields = [
    { label: ta.counterparty, value: company.name },
    { label: t.pattern_, value: t.pattern[a.pattern] },
    { label: t.owner, value: ctx.dir.unitName(a.departmentCode) },
    { label: t.status_, value: `${ta.kind[a.kind]} / ${ta.state[a.state]}` },
    { label: ta.term, value: t.term(a.startDate, a.endDate) },
    { label: t.costToCity, value: a.costToCity ? t.yes : t.no },
  ];
  if (a.moneyTerms) fields.push({ label: ta.moneyTerms, value: a.moneyTerms });
  if (a.documentUrl) fields.push({ label: ta.document, value: a.documentUrl });
  if (a.exceptionReason) fields.push({ label: ta.exception, value: a.exceptionReason });
  if (a.consentBy) fields.push({ label: ta.consentBy, value: a.consentBy });
  if (a.consentReason) fields.push({ label: ta.consentReason, value: a.consentReason });
  if (predecessor) fields.push({ label: ta.predecessor, value: formatAgreementNumber(predecessor.number) });
  if (successor) fields.push({ label: ta.successor, value: formatAgreementNumber(successor.number) });
  const blocks: MessageBlock[] = [
    { type: "header", text: a.state === "draft" ? ta.draftHeader(number) : ta.header(number) },
    { type: "text", text: a.title },
    { type: "fields", fields },
  ];
  if (a.kind === "agreement") blocks.push({ type: "context", text: ta.noRenewal });
  if (a.state === "pending_exception") {
    blocks.push({ type: "actions", actions: [{ actionId: ACTIONS.approveException, label: ta.approveException, value: a.id, style: "primary" }] });
  } else if (a.state === "draft") {
    blocks.push({ type: "actions", actions: [{ actionId: ACTIONS.registerAgreement, label: ta.complete, value: encodeAgreementContext({ kind: "draft", draftId: a.id }), style: "primary" }] });
  } else if (a.kind === "agreement" && !successor && a.endDecision !== "let_end") {
    blocks.push({
      type: "actions",
      actions: [
        { actionId: ACTIONS.renew, label: ta.renew, value: a.id, style: "primary" },
        { actionId: ACTIONS.letEnd, label: ta.letEnd, value: a.id },
      ],
    });
  }
  return { text: `${ta.header(number)}: ${a.title}`, blocks };
}

async function refreshAgreementCard(ctx: AppContext, r: Repos, id: string): Promise<void> {
  const a = (await r.agreements.get(id))!;
  await replaceAt(r, audience(ctx, a), agreementKey(a.id), await agreementCard(ctx, r, a));
}

/**
 * The board round that lets an agreement that costs the city money be concluded (§5(1)): the latest
 * approving round, and for a renewal one later than the round that approved the old agreement.
 */
async function approvingRound(r: Repos, proposalId: string, predecessor: AgreementRecord | null): Promise<string | null> {
  const rounds = await r.rounds.listByProposal(proposalId);
  const after = predecessor ? (rounds.find((x) => x.id === predecessor.approvalRoundId)?.number ?? 0) : 0;
  const approved = rounds.filter((x) => x.state === "approved" && x.number > after);
  if (predecessor && rounds.some((x) => x.state === "open")) return null; // a renewal review still under way
  return approved.at(-1)?.id ?? null;
}

export interface RegisterResult {
  id: string;
  number: string;
  state: AgreementRecord["state"];
}

/**
 * Registers a concluded agreement (or completes a renewal draft). Rules, each refused with a clear
 * message: end after start; at most two years unless an exception reason is given (then the window
 * must approve); no automatic renewal; cost to the city needs an approving board round.
 */
export async function registerAgreement(ctx: AppContext, input: unknown, actor: Actor): Promise<RegisterResult> {
  const data = parseInput(agreementInputSchema, input);
  // The agreement belongs to the proposal's owner (or the renewal draft's department), whatever the form
  // says: the department is never taken from the person registering it.
  const context = data.draftId ? encodeAgreementContext({ kind: "draft", draftId: data.draftId }) : data.proposalId ? encodeAgreementContext({ kind: "proposal", proposalId: data.proposalId }) : null;
  if (context) {
    const owner = (await authorize(ctx, actor, ACTIONS.registerAgreement, context)).department;
    if (!owner) {
      const message = ctx.t.agreement.noOwner;
      throw invalid(message, [{ path: "departmentCode", message }]);
    }
    data.departmentCode = owner;
  } else {
    await authorize(ctx, actor, ACTIONS.registerAgreement, "", { type: "agreement", id: "new", proposalId: null, department: data.departmentCode });
  }
  const { issues, needsException } = checkTerms({ kind: "agreement", ...data }, ctx.t.agreement.terms);
  if (!ctx.dir.isKnownUnit(data.departmentCode)) issues.push({ path: "departmentCode", message: `unknown department ${data.departmentCode}` });
  if (issues.length) throw invalid(issues[0].message, issues);

  return commit(ctx, async (r) => {
    const draft = data.draftId ? await r.agreements.get(data.draftId) : null;
    if (data.draftId && !draft) throw notFound("draft agreement not found");
    if (draft && draft.state !== "draft") throw conflict(`agreement ${formatAgreementNumber(draft.number)} is already ${draft.state}`);
    const predecessor = draft?.predecessorId ? await r.agreements.get(draft.predecessorId) : null;
    const proposalId = data.proposalId ?? draft?.proposalId ?? null;
    const proposal = proposalId ? await r.proposals.get(proposalId) : null;
    if (proposalId && !proposal) throw notFound("proposal not found");
    const costToCity = data.costToCity || (proposal?.costToCity ?? false);

    if (proposal && !predecessor) {
      const ok = proposal.status === "approved" || (proposal.status === "taken" && !costToCity);
      if (!ok) {
        const message = ctx.t.agreement.notYet(formatProposalNumber(proposal.number), ctx.t.status[proposal.status]);
        throw invalid(message, [{ path: "proposalId", message }]);
      }
    }
    let approvalRoundId: string | null = null;
    if (costToCity) {
      approvalRoundId = proposal ? await approvingRound(r, proposal.id, predecessor) : null;
      if (!approvalRoundId) {
        const message = ctx.t.agreement.needsBoard;
        throw invalid(message, [{ path: "costToCity", message }]);
      }
    }
    const company = await upsertCompany(r, { name: data.companyName, corporateNumber: data.corporateNumber }, { staffNamed: true });
    const now = ctx.clock.now();
    const state = needsException ? "pending_exception" : "active";
    const fields = {
      kind: "agreement" as const,
      proposalId,
      companyId: company.id,
      companyName: data.companyName,
      title: data.title,
      pattern: data.pattern,
      departmentCode: data.departmentCode,
      startDate: data.startDate,
      endDate: data.endDate,
      costToCity,
      moneyTerms: data.moneyTerms ?? null,
      documentUrl: data.documentUrl ?? null,
      exceptionReason: data.exceptionReason ?? null,
      notes: data.notes ?? null,
      state,
      approvalRoundId,
      concludedAt: state === "active" ? now : null,
    } satisfies Partial<AgreementRecord>;
    const a = draft
      ? await r.agreements.update(draft.id, fields)
      : await r.agreements.create({
          id: randomUUID(),
          number: await r.agreements.nextNumber(),
          ...fields,
          exceptionApprovedBy: null,
          consentBy: null,
          consentReason: null,
          predecessorId: null,
          endDecision: null,
          createdBy: `${actor.platform}:${actor.userId}`,
        });
    await audit(r, actor, {
      action: "agreement.registered",
      subjectType: "agreement",
      subjectId: a.id,
      proposalId,
      data: { state, startDate: a.startDate, endDate: a.endDate, exception: needsException, predecessor: predecessor?.id ?? null },
    });
    if (proposal && state === "active" && proposal.status !== "concluded") {
      assertTransition(proposal.status, "concluded");
      await r.proposals.update(proposal.id, { status: "concluded" });
    }
    if (predecessor) await refreshAgreementCard(ctx, r, predecessor.id);
    const number = formatAgreementNumber(a.number);
    if (draft) await refreshAgreementCard(ctx, r, a.id);
    else await postTo(r, audience(ctx, a), agreementKey(a.id), await agreementCard(ctx, r, a));
    if (state === "pending_exception") {
      await postTo(r, ctx.dir.windowChannels(), agreementKey(a.id, { what: "exception" }), textMessage(ctx.t.agreement.pendingException(number)), agreementKey(a.id));
    }
    if (proposal) await refreshProposalMessages(ctx, r, proposal.id);
    await planAgreementReminders(ctx, r, a.id);
    return { id: a.id, number, state };
  });
}

/** The window approves a term over two years (§6(3)② "in principle"). */
export async function approveException(ctx: AppContext, agreementId: string, actor: Actor): Promise<{ changed: boolean }> {
  const a0 = await authorize(ctx, actor, ACTIONS.approveException, agreementId);
  const subject = { action: "agreement.approve_exception", subjectType: "agreement", subjectId: a0.id, proposalId: a0.proposalId };
  return commit(ctx, async (r) => {
    const a = (await r.agreements.get(agreementId))!;
    if (a.state !== "pending_exception") return { changed: false };
    const who = `${actor.platform}:${actor.userId}`;
    await r.agreements.update(a.id, { state: "active", exceptionApprovedBy: who, concludedAt: ctx.clock.now() });
    await audit(r, actor, { ...subject, data: { reason: a.exceptionReason } });
    if (a.proposalId) {
      const p = (await r.proposals.get(a.proposalId))!;
      if (p.status !== "concluded") {
        assertTransition(p.status, "concluded");
        await r.proposals.update(p.id, { status: "concluded" });
        await refreshProposalMessages(ctx, r, p.id);
      }
    }
    await refreshAgreementCard(ctx, r, a.id);
    await postTo(r, audience(ctx, a), agreementKey(a.id, { what: "exception-approved" }), textMessage(ctx.t.agreement.exceptionApproved(formatAgreementNumber(a.number), `<@${actor.platform}:${actor.userId}>`)), agreementKey(a.id));
    await planAgreementReminders(ctx, r, a.id);
    return { changed: true };
  });
}

/**
 * A light initiative with no money or compensation goes ahead without an agreement when both sides
 * agree (§6(3) ただし書き): recorded with who agreed and why, and tracked without an end date.
 */
export async function recordNoAgreement(ctx: AppContext, proposalId: string, input: unknown, actor: Actor): Promise<RegisterResult> {
  const { consentBy, reason } = parseInput(noAgreementSchema, input);
  await authorize(ctx, actor, ACTIONS.recordNoAgreement, proposalId);
  return commit(ctx, async (r) => {
    const p = (await r.proposals.get(proposalId))!;
    if (p.costToCity) {
      const message = ctx.t.agreement.costForbidsNoAgreement;
      throw invalid(message, [{ path: "costToCity", message }]);
    }
    if (p.status !== "taken" && p.status !== "approved") throw conflict(`proposal is ${p.status}`);
    const now = ctx.clock.now();
    const a = await r.agreements.create({
      id: randomUUID(),
      number: await r.agreements.nextNumber(),
      kind: "no_agreement",
      proposalId: p.id,
      companyId: p.companyId,
      title: p.title,
      pattern: p.pattern,
      departmentCode: p.ownerDepartment ?? ctx.dir.windowCode,
      startDate: tokyoDate(now),
      endDate: null,
      costToCity: false,
      moneyTerms: null,
      documentUrl: null,
      exceptionReason: null,
      exceptionApprovedBy: null,
      consentBy,
      consentReason: reason,
      notes: null,
      state: "active",
      predecessorId: null,
      endDecision: null,
      approvalRoundId: null,
      concludedAt: now,
      createdBy: `${actor.platform}:${actor.userId}`,
    });
    assertTransition(p.status, "concluded");
    await r.proposals.update(p.id, { status: "concluded" });
    await audit(r, actor, { action: "agreement.no_agreement", subjectType: "agreement", subjectId: a.id, proposalId: p.id, data: { consentBy, reason } });
    await postTo(r, audience(ctx, a), agreementKey(a.id), await agreementCard(ctx, r, a));
    await refreshProposalMessages(ctx, r, p.id);
    await planAgreementReminders(ctx, r, a.id);
    return { id: a.id, number: formatAgreementNumber(a.number), state: a.state };
  });
}

/**
 * Renewal is a new agreement after both sides consult (§6(3)③): opens a draft successor linked to the
 * old one. If the agreement costs the city money, the board reviews it again.
 */
export async function startRenewal(ctx: AppContext, agreementId: string, actor: Actor): Promise<RegisterResult> {
  const a0 = await authorize(ctx, actor, ACTIONS.renew, agreementId);
  const subject = { action: "agreement.renew", subjectType: "agreement", subjectId: a0.id, proposalId: a0.proposalId };
  return commit(ctx, async (r) => {
    const a = (await r.agreements.get(agreementId))!;
    const existing = await r.agreements.getSuccessor(a.id);
    if (existing) return { id: existing.id, number: formatAgreementNumber(existing.number), state: existing.state };
    if (a.kind !== "agreement" || !a.endDate) throw conflict(ctx.t.conflicts.renewOnlyWithEnd);
    if (a.state === "draft" || a.state === "pending_exception") throw conflict(`agreement is ${a.state}`);
    const start = addDays(a.endDate, 1);
    const draft = await r.agreements.create({
      id: randomUUID(),
      number: await r.agreements.nextNumber(),
      kind: "agreement",
      proposalId: a.proposalId,
      companyId: a.companyId,
      title: a.title,
      pattern: a.pattern,
      departmentCode: a.departmentCode,
      startDate: start,
      endDate: maxEndDate(start),
      costToCity: a.costToCity,
      moneyTerms: a.moneyTerms,
      documentUrl: null,
      exceptionReason: null,
      exceptionApprovedBy: null,
      consentBy: null,
      consentReason: null,
      notes: null,
      state: "draft",
      predecessorId: a.id,
      endDecision: null,
      approvalRoundId: null,
      concludedAt: null,
      createdBy: `${actor.platform}:${actor.userId}`,
    });
    await r.agreements.update(a.id, { endDecision: "renew" });
    await audit(r, actor, { ...subject, action: "agreement.renewal_started", data: { successor: draft.id } });
    if (a.costToCity && a.proposalId) await openRoundTx(ctx, r, a.proposalId, actor);
    await refreshAgreementCard(ctx, r, a.id);
    await postTo(r, audience(ctx, draft), agreementKey(draft.id), await agreementCard(ctx, r, draft));
    await postTo(r, audience(ctx, a), agreementKey(a.id, { what: "renewal" }), textMessage(ctx.t.agreement.renewalStarted(formatAgreementNumber(a.number), formatAgreementNumber(draft.number))), agreementKey(a.id));
    await planAgreementReminders(ctx, r, a.id);
    return { id: draft.id, number: formatAgreementNumber(draft.number), state: draft.state };
  });
}

/** The parties decide not to renew: recorded; the agreement ends on its end date. */
export async function letEnd(ctx: AppContext, agreementId: string, actor: Actor): Promise<{ changed: boolean }> {
  const a0 = await authorize(ctx, actor, ACTIONS.letEnd, agreementId);
  const subject = { action: "agreement.let_end", subjectType: "agreement", subjectId: a0.id, proposalId: a0.proposalId };
  return commit(ctx, async (r) => {
    const a = (await r.agreements.get(agreementId))!;
    if (a.endDecision === "let_end") return { changed: false };
    if (await r.agreements.getSuccessor(a.id)) throw conflict(ctx.t.conflicts.renewalUnderWay);
    await r.agreements.update(a.id, { endDecision: "let_end" });
    await audit(r, actor, subject);
    await refreshAgreementCard(ctx, r, a.id);
    await postTo(r, audience(ctx, a), agreementKey(a.id, { what: "let-end" }), textMessage(ctx.t.agreement.letEndRecorded(formatAgreementNumber(a.number), a.endDate ? ctx.t.date(a.endDate) : "-")), agreementKey(a.id));
    await planAgreementReminders(ctx, r, a.id);
    return { changed: true };
  });
}

export function agreementSummary(a: AgreementRecord) {
  return {
    id: a.id,
    number: formatAgreementNumber(a.number),
    kind: a.kind,
    state: a.state,
    title: a.title,
    pattern: a.pattern,
    department: a.departmentCode,
    startDate: a.startDate,
    endDate: a.endDate,
    costToCity: a.costToCity,
    endDecision: a.endDecision,
  };
}

export async function agreementView(ctx: AppContext, id: string) {
  const r = ctx.store.read;
  const a = await r.agreements.get(id);
  if (!a) throw notFound("agreement not found");
  const [company, predecessor, successor, reports, events] = await Promise.all([
    r.companies.get(a.companyId),
    a.predecessorId ? r.agreements.get(a.predecessorId) : null,
    r.agreements.getSuccessor(a.id),
    r.reports.listByAgreement(a.id),
    r.audit.listBySubject("agreement", a.id),
  ]);
  return {
    ...agreementSummary(a),
    proposalId: a.proposalId,
    company: company && { id: company.id, name: company.name, corporateNumber: company.corporateNumber },
    moneyTerms: a.moneyTerms,
    documentUrl: a.documentUrl,
    exceptionReason: a.exceptionReason,
    exceptionApprovedBy: a.exceptionApprovedBy,
    consentBy: a.consentBy,
    consentReason: a.consentReason,
    concludedAt: a.concludedAt?.toISOString() ?? null,
    predecessor: predecessor && agreementSummary(predecessor),
    successor: successor && agreementSummary(successor),
    reports: reports.map((x) => ({ at: x.createdAt.toISOString(), status: x.status, done: x.done, outcomes: x.outcomes, problems: x.problems, by: x.reportedBy })),
    events: events.map((e) => ({ at: e.at.toISOString(), actor: e.actor, platform: e.platform, action: e.action })),
  };
}

const STATE_ORDER = ["pending_exception", "draft", "active", "ended"] as const;

/** Agreements by state, then end date (the `/partner agreements` list and `GET /api/agreements`). */
export async function listAgreements(ctx: AppContext, filter: { state?: AgreementRecord["state"]; departmentCode?: string } = {}) {
  const all = await ctx.store.read.agreements.list(filter);
  const sorted = [...all].sort(
    (a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || (a.endDate ?? "9999").localeCompare(b.endDate ?? "9999") || a.number - b.number,
  );
  return Promise.all(
    sorted.map(async (a) => {
      const reports = await ctx.store.read.reports.listByAgreement(a.id);
      const latest = reports.at(-1);
      return { ...agreementSummary(a), reports: reports.length, latestReport: latest ? { at: latest.createdAt.toISOString(), status: latest.status } : null };
    }),
  );
}

