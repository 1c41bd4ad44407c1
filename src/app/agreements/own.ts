/**
 * 部署独自の連携 (§6(1) ただし書): a department registers a partnership it made on its own. The policy's
 * rules hold as for the window's (a term of at most two years unless the window approves an exception, no
 * automatic renewal, an agreement unless the initiative is light and without money); the window is told,
 * and the partnership gets the same reminders, status reports and follow-up.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { checkTerms, formatAgreementNumber } from "../../domain/agreement";
import { forbidden, invalid, invalidField } from "../../domain/errors";
import { PATTERNS } from "../../domain/proposal";
import { says, type Messages } from "../../i18n";
import { ACTIONS, FORMS, type Actor, type FormSpec, type FormValues } from "../../ports/chat";
import type { AgreementRecord } from "../../ports/store";
import { upsertCompany } from "../companies/directory";
import { audit, commit } from "../kernel/commit";
import type { AppContext } from "../kernel/context";
import { str } from "../kernel/forms";
import type { OrgDirectory } from "../kernel/org-directory";
import { parseInput } from "../kernel/parse-input";
import { postTo } from "../outbox/post";
import { agreementKey } from "../outbox/keys";
import { authorize, recordRefusal, rolesOf } from "../permissions";
import { planAgreementReminders } from "../reminders/planner";
import { agreementCard, audience, refreshAgreementCard } from "./card";
import { agreementInputSchema } from "./schema";

const contact = z
  .string()
  .trim()
  .max(500, says("schema.maxChars", 500))
  .optional()
  .transform((v) => (v ? v : undefined));

export const ownPartnershipSchema = agreementInputSchema
  .omit({ proposalId: true, draftId: true })
  .extend({
    kind: z.enum(["agreement", "no_agreement"], says("schema.oneOf", "agreement, no_agreement")),
    // a light initiative has no agreement document and may have no end date
    endDate: z.string().optional().transform((v) => (v ? v : undefined)),
    companyContact: contact,
    cityContact: contact,
  });

/** The form a department's staff fill in (`/partner own`, Teams `own`): only their own departments to choose from. */
export function ownPartnershipForm(t: Messages, dir: OrgDirectory, actor?: Actor): FormSpec {
  const f = t.agreement.fields;
  const o = t.agreement.own;
  const mine = actor ? dir.org.departments.filter((d) => dir.belongsTo(actor, d.code)) : [];
  const departments = mine.length ? mine : dir.org.departments;
  return {
    formId: FORMS.own,
    title: o.form,
    submitLabel: t.form.submit,
    context: "",
    intro: o.intro,
    fields: [
      { name: "kind", label: o.kind, kind: "select", required: true, options: (["agreement", "no_agreement"] as const).map((k) => ({ value: k, label: o.kinds[k] })), initial: "agreement" },
      { name: "companyName", label: f.companyName, kind: "text", required: true, maxLength: 200 },
      { name: "corporateNumber", label: o.corporateNumber, kind: "text", required: false, maxLength: 13 },
      { name: "title", label: f.title, kind: "text", required: true, maxLength: 200 },
      { name: "pattern", label: f.pattern, kind: "select", required: true, options: PATTERNS.map((p) => ({ value: p, label: t.pattern[p] })) },
      { name: "departmentCode", label: f.department, kind: "select", required: true, options: departments.map((d) => ({ value: d.code, label: dir.unitName(d.code) })), initial: departments.length === 1 ? departments[0].code : undefined },
      { name: "startDate", label: f.startDate, kind: "date", required: true },
      { name: "endDate", label: f.endDate, kind: "date", required: false },
      { name: "costToCity", label: f.costToCity, kind: "checkbox", required: false },
      { name: "moneyTerms", label: f.moneyTerms, kind: "textarea", required: false, maxLength: 2000 },
      { name: "companyContact", label: o.companyContact, kind: "text", required: false, maxLength: 500 },
      { name: "cityContact", label: o.cityContact, kind: "text", required: false, maxLength: 500 },
      { name: "documentUrl", label: f.documentUrl, kind: "url", required: false },
      { name: "exceptionReason", label: f.exceptionReason, kind: "textarea", required: false, maxLength: 2000 },
      { name: "notes", label: f.notes, kind: "textarea", required: false, maxLength: 2000 },
    ],
  };
}

export function ownPartnershipInputFromForm(v: FormValues): Record<string, unknown> {
  return {
    kind: str(v.kind) ?? "agreement",
    companyName: str(v.companyName) ?? "",
    corporateNumber: str(v.corporateNumber),
    title: str(v.title) ?? "",
    pattern: str(v.pattern) ?? "",
    departmentCode: str(v.departmentCode) ?? "",
    startDate: str(v.startDate) ?? "",
    endDate: str(v.endDate),
    costToCity: v.costToCity === true,
    moneyTerms: str(v.moneyTerms),
    companyContact: str(v.companyContact),
    cityContact: str(v.cityContact),
    documentUrl: str(v.documentUrl),
    exceptionReason: str(v.exceptionReason),
    notes: str(v.notes),
  };
}

export interface OwnResult {
  id: string;
  number: string;
  state: AgreementRecord["state"];
}

export async function registerOwnPartnership(ctx: AppContext, input: unknown, actor: Actor): Promise<OwnResult> {
  await authorize(ctx, actor, FORMS.own, "");
  const data = parseInput(ownPartnershipSchema, input);
  if (!ctx.dir.department(data.departmentCode)) throw invalidField("departmentCode", "conflicts.unknownDepartment", [data.departmentCode]);
  // the department is the registering person's own (the window may register for any department)
  const roles = rolesOf(ctx, actor, data.departmentCode);
  const window = roles.has("windowMember") || roles.has("windowChannel");
  if (!window && !roles.has("owner") && actor.platform !== "cli" && actor.platform !== "system") {
    await recordRefusal(ctx, actor, FORMS.own, { type: "agreement", id: "new", proposalId: null, department: data.departmentCode }, "not their department");
    throw forbidden("agreement.own.notYourDepartment");
  }
  // cost to the city is the review board's to approve (§5(1)): such a partnership goes through the window
  if (data.costToCity) throw invalidField("costToCity", "agreement.own.costNeedsWindow");
  if (data.kind === "no_agreement" && data.moneyTerms) throw invalidField("moneyTerms", "agreement.own.lightNeedsNoMoney");
  const { issues, needsException } = checkTerms({ ...data, kind: data.kind });
  if (issues.length) throw invalid(issues[0].reason, issues[0].params, issues);

  return commit(ctx, async (r) => {
    const company = await upsertCompany(r, { name: data.companyName, corporateNumber: data.corporateNumber }, { staffNamed: true, actor });
    const now = ctx.clock.now();
    const state = needsException ? "pending_exception" : "active";
    const a = await r.agreements.create({
      id: randomUUID(),
      number: await r.agreements.nextNumber(),
      kind: data.kind,
      proposalId: null,
      companyId: company.id,
      companyName: data.companyName,
      title: data.title,
      pattern: data.pattern,
      departmentCode: data.departmentCode,
      startDate: data.startDate,
      endDate: data.endDate ?? null,
      costToCity: false,
      moneyTerms: data.moneyTerms ?? null,
      documentUrl: data.documentUrl ?? null,
      exceptionReason: data.exceptionReason ?? null,
      exceptionApprovedBy: null,
      consentBy: null,
      consentReason: null,
      notes: data.notes ?? null,
      state,
      predecessorId: null,
      endDecision: null,
      approvalRoundId: null,
      concludedAt: state === "active" ? now : null,
      origin: "own",
      needsSupport: false,
      companyContact: data.companyContact ?? null,
      cityContact: data.cityContact ?? null,
      createdBy: `${actor.platform}:${actor.userId}`,
    });
    await audit(r, actor, {
      action: "agreement.registered",
      subjectType: "agreement",
      subjectId: a.id,
      proposalId: null,
      data: { origin: "own", kind: a.kind, state, startDate: a.startDate, endDate: a.endDate, exception: needsException },
    });
    // the department's channels and the window's get the card (with the window's support button)
    await postTo(r, audience(ctx, a), agreementKey(a.id), await agreementCard(ctx, r, a));
    await planAgreementReminders(ctx, r, a.id);
    return { id: a.id, number: formatAgreementNumber(a.number), state };
  });
}

/** The window marks a department's own partnership as needing its support, or its support as done. */
export async function toggleSupport(ctx: AppContext, agreementId: string, actor: Actor): Promise<string> {
  await authorize(ctx, actor, ACTIONS.support, agreementId);
  return commit(ctx, async (r) => {
    const a = (await r.agreements.get(agreementId))!;
    const needsSupport = !a.needsSupport;
    await r.agreements.update(a.id, { needsSupport });
    await audit(r, actor, { action: needsSupport ? "agreement.support_needed" : "agreement.support_done", subjectType: "agreement", subjectId: a.id, proposalId: a.proposalId, data: {} });
    await refreshAgreementCard(ctx, r, a.id);
    const n = formatAgreementNumber(a.number);
    return needsSupport ? ctx.t.agreement.support.marked(n) : ctx.t.agreement.support.cleared(n);
  });
}
