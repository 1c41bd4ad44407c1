/** 協定の締結 (§6(3)): registering a concluded agreement, or completing a renewal draft, under the policy's rules. */
import { randomUUID } from "node:crypto";
import { noteStage } from "../notices/stage";
import { checkTerms, formatAgreementNumber } from "../../domain/agreement";
import { conflict, invalid, invalidField, notFound } from "../../domain/errors";
import { assertTransition, formatProposalNumber } from "../../domain/proposal";
import { ACTIONS, type Actor } from "../../ports/chat";
import type { AgreementRecord, Repos } from "../../ports/store";
import { upsertCompany } from "../companies/directory";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { parseInput } from "../kernel/parse-input";
import { postTo } from "../outbox/post";
import { authorize } from "../permissions";
import { textMessage } from "../proposals/messages";
import { refreshProposalMessages } from "../proposals/refresh-messages";
import { planAgreementReminders } from "../reminders/planner";
import { agreementCard, audience, refreshAgreementCard } from "./card";
import { agreementInputSchema } from "./schema";
import { agreementKey } from "../outbox/keys";
import { encodeAgreementContext } from "./form-context";

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
    if (!owner) throw invalidField("departmentCode", "agreement.noOwner");
    data.departmentCode = owner;
  } else {
    await authorize(ctx, actor, ACTIONS.registerAgreement, "", { type: "agreement", id: "new", proposalId: null, department: data.departmentCode });
  }
  const { issues, needsException } = checkTerms({ kind: "agreement", ...data });
  if (!ctx.dir.isKnownUnit(data.departmentCode)) issues.push({ path: "departmentCode", reason: "conflicts.unknownDepartment", params: [data.departmentCode] });
  if (issues.length) throw invalid(issues[0].reason, issues[0].params, issues);

  return commit(ctx, async (r) => {
    const draft = data.draftId ? await r.agreements.get(data.draftId) : null;
    if (data.draftId && !draft) throw notFound();
    if (draft && draft.state !== "draft") throw conflict("conflicts.agreementIs", [draft.state]);
    const predecessor = draft?.predecessorId ? await r.agreements.get(draft.predecessorId) : null;
    const proposalId = data.proposalId ?? draft?.proposalId ?? null;
    const proposal = proposalId ? await r.proposals.get(proposalId) : null;
    if (proposalId && !proposal) throw notFound();
    const costToCity = data.costToCity || (proposal?.costToCity ?? false);

    if (proposal && !predecessor) {
      const ok = proposal.status === "approved" || (proposal.status === "taken" && !costToCity);
      if (!ok) throw invalidField("proposalId", "agreement.notYet", [formatProposalNumber(proposal.number), proposal.status]);
    }
    let approvalRoundId: string | null = null;
    if (costToCity) {
      approvalRoundId = proposal ? await approvingRound(r, proposal.id, predecessor) : null;
      if (!approvalRoundId) throw invalidField("costToCity", "agreement.needsBoard");
    }
    const company = await upsertCompany(r, { name: data.companyName, corporateNumber: data.corporateNumber }, { staffNamed: true, actor });
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
      await noteStage(ctx, r, proposal, "concluded", "agreement");
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
