/** The board's forms: a department's opinion when it sends a proposal to the board, and a member's request for changes. */
import type { Messages } from "../../i18n";
import { FORMS, type FormSpec } from "../../ports/chat";


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
