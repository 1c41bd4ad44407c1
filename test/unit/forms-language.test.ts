/**
 * Issue 19: English mode speaks English on every form, Japanese mode Japanese: labels, options, intros,
 * and the errors that submitting invalid input produces (the same code paths chat runs: the forms'
 * builders, checkForm, checkTerms and checkDeadline worded by formErrors).
 */
import { describe, expect, it } from "vitest";
import { agreementForm, agreementInputFromForm, noAgreementForm } from "../../src/app/agreements/forms";
import { agreementInputSchema } from "../../src/app/agreements/schema";
import { reportForm } from "../../src/app/agreements/status-report";
import { challengeForm } from "../../src/app/challenges/publish";
import { checkForm } from "../../src/app/interactions";
import { formErrors } from "../../src/app/kernel/forms";
import { OrgDirectory } from "../../src/app/kernel/org-directory";
import { parseInput } from "../../src/app/kernel/parse-input";
import { newProposalForm } from "../../src/app/proposals/forms";
import { changesForm, opinionForm } from "../../src/app/review/forms";
import { rerouteForm, sendBackForm } from "../../src/app/routing/forms";
import { checkTerms } from "../../src/domain/agreement";
import { checkDeadline } from "../../src/domain/challenge";
import { DomainError, invalid } from "../../src/domain/errors";
import { messages, type Locale } from "../../src/i18n";
import { FORMS, type FormSpec, type FormValues } from "../../src/ports/chat";
import { testOrg } from "../helpers/org";

const JAPANESE = /[\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]/;
const org = testOrg({ fields: [{ code: "education", name: { ja: "学校教育", en: "School education" } }] });

/** Every word a person sees on a form: title, button, intro, labels, hints, options. */
function visible(form: FormSpec): string[] {
  return [
    form.title,
    form.submitLabel,
    form.intro ?? "",
    ...form.fields.flatMap((f) => [f.label, f.hint ?? "", ...(f.options ?? []).map((o) => o.label)]),
  ].filter(Boolean);
}

function errorsOf(run: () => void, t: ReturnType<typeof messages>, form: FormSpec): Record<string, string> {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return formErrors(t, e, form);
    throw e;
  }
  throw new Error("expected the input to be refused");
}

function everyForm(locale: Locale) {
  const t = messages(locale, org);
  const dir = new OrgDirectory(org, locale);
  const forms: Record<string, FormSpec> = {
    newProposal: newProposalForm(t, dir),
    takeUp: opinionForm(t, FORMS.takeUp, "p1"),
    toBoard: opinionForm(t, FORMS.toBoard, "p1"),
    changes: changesForm(t, "r1"),
    sendBack: sendBackForm(t, "x1"),
    reroute: rerouteForm(t, dir, "p1", []),
    agreement: agreementForm(t, dir, "proposal:p1"),
    noAgreement: noAgreementForm(t, "p1"),
    challenge: challengeForm(t, dir),
    report: reportForm(t, "a1"),
  };
  const empty: FormValues = {};
  const agreementValues: FormValues = { companyName: "", title: "", pattern: "co_hosting", startDate: "2027-04-31", endDate: "later" };
  const errors: Record<string, Record<string, string>> = {
    newProposal: checkForm(t, FORMS.newProposal, forms.newProposal, { desiredStart: "2027-13-01", email: "not-mail" })!,
    takeUp: checkForm(t, FORMS.takeUp, forms.takeUp, { opinion: "  " })!,
    changes: checkForm(t, FORMS.vote, forms.changes, empty)!,
    sendBack: checkForm(t, FORMS.sendBack, forms.sendBack, empty)!,
    reroute: checkForm(t, FORMS.reroute, forms.reroute, { departments: [] })!,
    noAgreement: checkForm(t, FORMS.noAgreement, forms.noAgreement, empty)!,
    challenge: checkForm(t, FORMS.challenge, forms.challenge, empty)!,
    report: checkForm(t, FORMS.report, forms.report, empty)!,
    // the agreement form is checked by its use case: the schema, then the term rules (§6(3)②③)
    agreement: errorsOf(() => parseInput(agreementInputSchema, agreementInputFromForm("proposal:p1", agreementValues)), t, forms.agreement),
    agreementTerm: errorsOf(() => {
      const { issues } = checkTerms({ kind: "agreement", startDate: "2027-04-01", endDate: "2030-04-01" });
      throw invalid(issues[0].reason, issues[0].params, issues);
    }, t, forms.agreement),
    challengeDeadline: errorsOf(() => checkDeadline("2020-01-01", new Date("2027-01-01T00:00:00Z")), t, forms.challenge),
  };
  return { forms, errors };
}

describe("every form speaks the configured language", () => {
  it("in English: labels, options and the errors of invalid input hold no Japanese", () => {
    const { forms, errors } = everyForm("en");
    for (const [name, form] of Object.entries(forms)) {
      for (const text of visible(form)) expect(text, `${name}: ${text}`).not.toMatch(JAPANESE);
    }
    for (const [name, errs] of Object.entries(errors)) {
      expect(Object.keys(errs).length, name).toBeGreaterThan(0);
      for (const text of Object.values(errs)) expect(text, `${name}: ${text}`).not.toMatch(JAPANESE);
    }
    expect(errors.agreementTerm.endDate).toContain("at most 2 years");
    expect(errors.newProposal.desiredStart).toBe("must be a date YYYY-MM-DD");
    expect(errors.takeUp.opinion).toBe("is required");
  });

  it("in Japanese: the same forms and errors are Japanese", () => {
    const { forms, errors } = everyForm("ja");
    for (const [name, form] of Object.entries(forms)) expect(form.title, name).toMatch(JAPANESE);
    for (const [name, errs] of Object.entries(errors)) {
      expect(Object.keys(errs).length, name).toBeGreaterThan(0);
      for (const text of Object.values(errs)) expect(text, `${name}: ${text}`).toMatch(JAPANESE);
    }
    expect(errors.agreementTerm.endDate).toContain("原則最長2年です（方針第6(3)②）");
    expect(errors.challengeDeadline.deadline).toBe("締切日が過ぎています");
  });

  it("a city (市) is named as one, with its window, and sections it does not number are not cited", () => {
    const city = testOrg({
      city: { name: { ja: "架空市", en: "Kaku City" }, policy: { ja: "架空市企業連携方針", en: "Kaku City policy", sections: { board: "第4(2)" } } },
      window: { name: { ja: "連携推進課", en: "Partnership Division" }, slackChannel: "C0WINDOW" },
    });
    const ja = messages("ja", city);
    const en = messages("en", city);
    expect(ja.costToCity).toBe("市の費用負担");
    expect(ja.boardNote).toBe("市に費用負担が生じるため、担当決定後に連携事業審査会で審査します（方針第4(2)）");
    expect(ja.agreement.noRenewal).toBe("この協定は自動更新されません。継続する場合は双方協議のうえ改めて協定を締結します。");
    expect(ja.disasterNote).toContain("連携推進課で情報として記録しました。");
    expect(en.boardNote).toContain("(policy §4(2))");
    expect(ja.desk.footer).toContain("架空市 連携推進課");
    expect(JSON.stringify(ja)).not.toMatch(/区の|区に|企業連携推進担当|第6\(3\)/);
    messages("ja", org); // the process's language back as the other tests expect it
  });
});
