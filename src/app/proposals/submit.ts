/** Intake: a proposal arrives from the web form or from staff in chat, and is routed. */
import { createHash, randomUUID } from "node:crypto";
import { conflict } from "../../domain/errors";
import { companyBearsDevelopmentCost, formatProposalNumber, type ProposalStatus } from "../../domain/proposal";
import { matchDepartments } from "../../domain/routing";
import type { Actor } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { postTo } from "../outbox/post";
import { type AppContext } from "../kernel/context";
import { upsertCompany } from "../companies/directory";
import { routingKey, summaryKey } from "../outbox/keys";
import { routingMessage, windowSummary } from "./messages";
import { planRoutingReminders } from "../reminders/planner";
import { parseInput } from "../kernel/parse-input";
import { proposalSchemaOf } from "./submit.schema";
import { openChallenge } from "../challenges/public";
import { formatChallengeNumber } from "../../domain/challenge";
import { newStatusToken } from "../public-desk/status";
import { mailLocale, queueMail, renewQueuedLink } from "../notices/queue";

export interface SubmitResult {
  id: string;
  /** the private status link's token, given once (only its hash is stored) */
  statusToken?: string;
  /** the public desk sent the same submission again: the first answer, without a new link */
  repeated?: boolean;
  /** the proposal number people use (P-0001); absent for a disaster record */
  number?: string;
  status: ProposalStatus | "recorded_for_information";
  routedTo: string[];
}

/**
 * Validates (nothing is stored when the input is bad), files the company, routes the proposal and
 * queues the messages, all in one transaction. With an idempotency key a retried submission returns
 * the first answer and stores nothing new.
 */
export async function submitProposal(ctx: AppContext, input: unknown, actor: Actor, idempotencyKey?: string): Promise<SubmitResult> {
  const data = parseInput(proposalSchemaOf(ctx.dir), input, {
    "company.name": "form.companyName", "company.corporateNumber": "form.corporateNumber", "company.contactName": "form.contactName",
    "company.email": "form.email", "company.phone": "form.phone", title: "form.title", summary: "form.summary", fields: "form.fields",
    pattern: "form.pattern", costToCity: "form.costToCity", disaster: "form.disaster", desiredStart: "form.desiredStart", challenge: "challenge.answers",
  });
  const fingerprint = createHash("sha256").update(JSON.stringify(data)).digest("hex");
  const key = idempotencyKey ? `intake:${idempotencyKey}` : undefined;

  return commit(ctx, async (r) => {
    if (key) {
      const seen = await r.keys.get(key);
      if (seen) {
        const first = seen.result as { fingerprint: string; result: SubmitResult };
        if (first.fingerprint !== fingerprint) throw conflict("conflicts.idempotencyReused");
        if (!first.result.number) return first.result;
        // the public desk's repeat (a second tab, a double send) keeps the first link, which its visitor was
        // shown: said to be a repeat, without a link (the lost-link page sends a new one)
        if (actor.platform === "web") return { ...first.result, repeated: true };
        // the status link is never kept in the clear: an API repeat gets a new one (the first answer may be lost)
        const status = newStatusToken();
        await r.proposals.setStatusTokenHash(first.result.id, status.hash);
        // a receipt still waiting to be sent goes out with the new link; one already sent is not chased
        // with more mail (a client repeating itself must not flood the company; the lost-link page is there)
        const p = await r.proposals.get(first.result.id);
        if (p) await renewQueuedLink(r, `receipt-${p.id}`, p.email, status.token);
        return { ...first.result, statusToken: status.token };
      }
    }
    // from outside (the public desk, the API) nobody has checked who is writing: an existing directory
    // record is not changed by what a stranger types (the proposal keeps its own name, number and contact)
    const company = await upsertCompany(r, data.company, { actor });

    if (data.disaster) {
      // 災害協定: outside the policy (§3); kept in its own register and the window is told.
      const rec = await r.disasters.create({ companyId: company.id, title: data.title, summary: data.summary, source: actor.platform });
      await audit(r, actor, { action: "disaster.recorded", subjectType: "disaster", subjectId: rec.id, data: { companyId: company.id } });
      const t = ctx.t;
      await postTo(r, ctx.dir.windowChannels(), { kind: "disaster", disasterId: rec.id }, {
        text: `${t.disasterHeader}: ${data.title}`,
        blocks: [
          { type: "header", text: t.disasterHeader },
          { type: "text", text: data.title },
          { type: "fields", fields: [{ label: t.company, value: company.name }] },
          { type: "text", text: data.summary.slice(0, 2500) },
          { type: "context", text: t.disasterNote },
        ],
      });
      const result: SubmitResult = { id: rec.id, status: "recorded_for_information", routedTo: [] };
      if (key) await r.keys.claim(key, { fingerprint, result });
      return result;
    }

    // an answer to a call goes to the department that published it; anything else by the routing rules
    const challenge = data.challenge ? await openChallenge(ctx, r, data.challenge) : null;
    const matched = challenge ? [challenge.departmentCode] : matchDepartments(data, ctx.dir.org.departments).map((d) => d.code);
    const routedTo = matched.length > 0 ? matched : [ctx.dir.windowCode];
    const status = newStatusToken();
    const proposal = await r.proposals.create({
      id: randomUUID(),
      createdAt: ctx.clock.now(), // the receipt time the reports count from
      number: await r.proposals.nextNumber(),
      companyId: company.id,
      title: data.title,
      summary: data.summary,
      fields: data.fields,
      pattern: data.pattern,
      costToCity: data.costToCity,
      desiredStart: data.desiredStart ?? null,
      contactName: data.company.contactName,
      email: data.company.email,
      phone: data.company.phone ?? null,
      source: actor.platform,
      status: "routing",
      ownerDepartment: null,
      ownerOpinion: null,
      companyBearsDevCost: companyBearsDevelopmentCost(data.pattern),
      challengeId: challenge?.id ?? null,
      submittedCompanyName: data.company.name,
      submittedCorporateNumber: data.company.corporateNumber ?? null,
      locale: data.locale ?? null,
    }, status.hash);
    await audit(r, actor, {
      action: "proposal.received",
      subjectType: "proposal",
      subjectId: proposal.id,
      proposalId: proposal.id,
      data: { companyId: company.id, pattern: data.pattern, costToCity: data.costToCity, challengeId: challenge?.id ?? null },
    });
    const routings = [];
    for (const code of routedTo) {
      const routing = await r.routings.create({ id: randomUUID(), proposalId: proposal.id, departmentCode: code, state: "pending", createdAt: ctx.clock.now() });
      routings.push(routing);
      await planRoutingReminders(ctx, r, routing);
      await audit(r, actor, { action: "routing.created", subjectType: "routing", subjectId: routing.id, proposalId: proposal.id, data: { department: code, rule: challenge ? "challenge" : matched.length > 0 ? "config" : "no-match" } });
    }
    // the company's receipt: its number and private status link, in the language it wrote in
    await queueMail(ctx, r, `receipt-${proposal.id}`, proposal.email, mailLocale(ctx, data.locale), {
      kind: "receipt",
      proposal: formatProposalNumber(proposal.number),
      statusToken: status.token,
      call: challenge ? formatChallengeNumber(challenge.number) : null,
    });
    const answers = challenge ? ctx.t.call(formatChallengeNumber(challenge.number), challenge.title) : undefined;
    await postTo(r, ctx.dir.windowChannels(), summaryKey(proposal.id), windowSummary(ctx.t, ctx.dir, proposal, company, routings, answers));
    for (const routing of routings) {
      await postTo(r, ctx.dir.channels(routing.departmentCode), routingKey(routing.id), routingMessage(ctx.t, ctx.dir, proposal, company, routing, answers));
    }
    const result: SubmitResult = { id: proposal.id, number: formatProposalNumber(proposal.number), status: proposal.status, routedTo };
    if (key) await r.keys.claim(key, { fingerprint, result });
    return { ...result, statusToken: status.token };
  });
}
