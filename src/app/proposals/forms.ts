/** The new-proposal form (staff registering a proposal that came by mail or phone) and how its values become the intake's input. */
import { PATTERNS } from "../../domain/proposal";
import type { Messages } from "../../i18n";
import { LIST_SEPARATORS } from "../../i18n/vocabulary";
import { FORMS, type FormSpec, type FormValues } from "../../ports/chat";
import { str } from "../kernel/forms";
import type { OrgDirectory } from "../kernel/org-directory";

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
    fields: (Array.isArray(v.fields) ? v.fields : (str(v.fields) ?? "").split(LIST_SEPARATORS)).map((s) => s.trim()).filter(Boolean),
    pattern: str(v.pattern) ?? "",
    costToCity: v.costToCity === true,
    disaster: v.disaster === true,
    desiredStart: str(v.desiredStart),
  };
}

export const PROPOSAL_PATHS: Record<string, string> = {
  "company.name": "companyName",
  "company.corporateNumber": "corporateNumber",
  "company.contactName": "contactName",
  "company.email": "email",
  "company.phone": "phone",
};
