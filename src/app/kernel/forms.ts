/**
 * Neutral forms (Slack modals, Teams card forms) and how their values become use-case input. Field
 * names double as the error paths shown next to the field when input is refused.
 */
import { PATTERNS } from "../../domain/proposal";
import { DomainError, type FieldIssue } from "../../domain/errors";
import type { Messages } from "../../i18n";
import { FORMS, type FormSpec, type FormValues } from "../../ports/chat";
import type { OrgDirectory } from "./org-directory";
import { decodeAgreementContext } from "../agreements/form-context";

const str = (v: FormValues[string]) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

export function newProposalForm(t: Messages, dir: OrgDirectory): FormSpec {
  const f = t.form;
  return {
    formId: FORMS.newProposal,
    title: f.newProposal,
    submitLabel: f.submit,
    context: "",
    fields: [
      { name: "companyName", label: f.companyName, kind: "text", required: true, maxLength: 200 },
      { name: "corporateNumber", label: f.corporateNumber, kind: "text", required: false, maxLength: 13 },
      { name: "contactName", label: f.contactName, kind: "text", required: true, maxLength: 100 },
      { name: "email", label: f.email, kind: "email", required: true },
      { name: "phone", label: f.phone, kind: "text", required: false, maxLength: 20 },
      { name: "title", label: f.title, kind: "text", required: true, maxLength: 200 },
      { name: "summary", label: f.summary, kind: "textarea", required: true, maxLength: 3000 },
      { name: "fields", label: f.fields, kind: "multiselect", required: false, options: dir.fieldOptions() },
      {
        name: "pattern",
        label: f.pattern,
        kind: "select",
        required: true,
        options: PATTERNS.map((p) => ({ value: p, label: t.pattern[p] })),
      },
      { name: "costToCity", label: f.costToCity, kind: "checkbox", required: false },
      { name: "disaster", label: f.disaster, kind: "checkbox", required: false },
      { name: "desiredStart", label: f.desiredStart, kind: "date", required: false },
    ],
  };
}

/** Turns the new-proposal form into intake input (validated by the intake schema). */
export function proposalInputFromForm(v: FormValues): unknown {
  return {
    company: {
      name: str(v.companyName) ?? "",
      corporateNumber: str(v.corporateNumber),
      contactName: str(v.contactName) ?? "",
      email: str(v.email) ?? "",
      phone: str(v.phone),
    },
    title: str(v.title) ?? "",
    summary: str(v.summary) ?? "",
    // chosen from the configured list (a multiselect); a typed list is still read, for older Teams clients
    fields: (Array.isArray(v.fields) ? v.fields : (str(v.fields) ?? "").split(/[,、，\s]+/u)).map((s) => s.trim()).filter(Boolean),
    pattern: str(v.pattern) ?? "",
    costToCity: v.costToCity === true,
    disaster: v.disaster === true,
    desiredStart: str(v.desiredStart),
  };
}

const PROPOSAL_PATHS: Record<string, string> = {
  "company.name": "companyName",
  "company.corporateNumber": "corporateNumber",
  "company.contactName": "contactName",
  "company.email": "email",
  "company.phone": "phone",
};

/** Maps a refused input's issues onto form fields: { fieldName: message }. */
export function formErrors(e: DomainError, form: FormSpec, paths: Record<string, string> = {}): Record<string, string> {
  const names = new Set(form.fields.map((f) => f.name));
  const out: Record<string, string> = {};
  const issues: FieldIssue[] = e.issues.length ? e.issues : [{ path: form.fields[0].name, message: e.message }];
  for (const i of issues) {
    const head = i.path.split(".")[0];
    const name = paths[i.path] ?? PROPOSAL_PATHS[i.path] ?? (names.has(i.path) ? i.path : names.has(head) ? head : form.fields[0].name);
    out[name] ??= i.message;
  }
  return out;
}

export function sendBackForm(t: Messages, routingId: string): FormSpec {
  return {
    formId: FORMS.sendBack,
    title: t.form.sendBack,
    submitLabel: t.form.send,
    context: routingId,
    fields: [{ name: "reason", label: t.form.reason, kind: "textarea", required: true, maxLength: 1000 }],
  };
}

export function rerouteForm(t: Messages, dir: OrgDirectory, proposalId: string, current: string[]): FormSpec {
  const units = [dir.windowCode, ...dir.org.departments.map((d) => d.code)];
  return {
    formId: FORMS.reroute,
    title: t.form.reroute,
    submitLabel: t.form.send,
    context: proposalId,
    fields: [
      {
        name: "departments",
        label: t.form.departments,
        kind: "multiselect",
        required: true,
        options: units.map((code) => ({ value: code, label: dir.unitName(code) })),
        initial: current,
      },
    ],
  };
}

export function opinionForm(t: Messages, formId: typeof FORMS.takeUp | typeof FORMS.toBoard, subjectId: string): FormSpec {
  return {
    formId,
    title: formId === FORMS.takeUp ? t.review.takeUpForm : t.review.toBoardForm,
    submitLabel: t.form.send,
    context: subjectId,
    intro: t.review.takeUpIntro,
    fields: [{ name: "opinion", label: t.review.opinion, kind: "textarea", required: true, maxLength: 3000 }],
  };
}

export function changesForm(t: Messages, roundId: string): FormSpec {
  return {
    formId: FORMS.vote,
    title: t.review.voteForm,
    submitLabel: t.form.send,
    context: roundId,
    fields: [{ name: "comment", label: t.review.commentLabel, kind: "textarea", required: true, maxLength: 3000 }],
  };
}

export interface AgreementPrefill {
  companyName?: string;
  title?: string;
  pattern?: string;
  departmentCode?: string;
  startDate?: string;
  endDate?: string;
  costToCity?: boolean;
  moneyTerms?: string;
}

/** The agreement form; context is "proposal:<id>" or "draft:<id>". There is no auto-renewal field (§6(3)③). */
export function agreementForm(t: Messages, dir: OrgDirectory, context: string, prefill: AgreementPrefill = {}): FormSpec {
  const f = t.agreement.fields;
  return {
    formId: FORMS.agreement,
    title: t.agreement.form,
    submitLabel: t.form.submit,
    context,
    intro: t.agreement.noRenewal,
    fields: [
      { name: "companyName", label: f.companyName, kind: "text", required: true, maxLength: 200, initial: prefill.companyName },
      { name: "title", label: f.title, kind: "text", required: true, maxLength: 200, initial: prefill.title },
      { name: "pattern", label: f.pattern, kind: "select", required: true, options: PATTERNS.map((p) => ({ value: p, label: t.pattern[p] })), initial: prefill.pattern },
      {
        name: "departmentCode",
        label: f.department,
        kind: "select",
        required: true,
        options: [dir.windowCode, ...dir.org.departments.map((d) => d.code)].map((c) => ({ value: c, label: dir.unitName(c) })),
        initial: prefill.departmentCode,
      },
      { name: "startDate", label: f.startDate, kind: "date", required: true, initial: prefill.startDate },
      { name: "endDate", label: f.endDate, kind: "date", required: true, initial: prefill.endDate },
      { name: "costToCity", label: f.costToCity, kind: "checkbox", required: false, initial: prefill.costToCity },
      { name: "moneyTerms", label: f.moneyTerms, kind: "textarea", required: false, maxLength: 2000, initial: prefill.moneyTerms },
      { name: "documentUrl", label: f.documentUrl, kind: "url", required: false },
      { name: "exceptionReason", label: f.exceptionReason, kind: "textarea", required: false, maxLength: 2000 },
      { name: "notes", label: f.notes, kind: "textarea", required: false, maxLength: 2000 },
    ],
  };
}

/** Agreement form values → registerAgreement input. */
export function agreementInputFromForm(context: string, v: FormValues): Record<string, unknown> {
  const c = decodeAgreementContext(context);
  return {
    ...(c?.kind === "proposal" ? { proposalId: c.proposalId } : c?.kind === "draft" ? { draftId: c.draftId } : {}),
    companyName: str(v.companyName) ?? "",
    title: str(v.title) ?? "",
    pattern: str(v.pattern) ?? "",
    departmentCode: str(v.departmentCode) ?? "",
    startDate: str(v.startDate) ?? "",
    endDate: str(v.endDate) ?? "",
    costToCity: v.costToCity === true,
    moneyTerms: str(v.moneyTerms),
    documentUrl: str(v.documentUrl),
    exceptionReason: str(v.exceptionReason),
    notes: str(v.notes),
  };
}

export function noAgreementForm(t: Messages, proposalId: string): FormSpec {
  return {
    formId: FORMS.noAgreement,
    title: t.agreement.noAgreementForm,
    submitLabel: t.form.submit,
    context: proposalId,
    fields: [
      { name: "consentBy", label: t.agreement.consentBy, kind: "text", required: true, maxLength: 500 },
      { name: "reason", label: t.agreement.consentReason, kind: "textarea", required: true, maxLength: 2000 },
    ],
  };
}
