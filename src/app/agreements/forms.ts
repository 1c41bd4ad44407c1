/** The agreement forms: registering an agreement (prefilled from its proposal or renewal draft), and going ahead without one. */
import { PATTERNS } from "../../domain/proposal";
import type { Messages } from "../../i18n";
import { FORMS, type FormSpec, type FormValues } from "../../ports/chat";
import { str } from "../kernel/forms";
import type { OrgDirectory } from "../kernel/org-directory";

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
  const [kind, id] = context.split(":");
  return {
    ...(kind === "proposal" ? { proposalId: id } : kind === "draft" ? { draftId: id } : {}),
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
