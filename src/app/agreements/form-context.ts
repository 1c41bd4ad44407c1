/**
 * What the agreement form is for, carried through the form and on the "register agreement" buttons:
 * "proposal:<id>" (a new agreement for that proposal) or "draft:<id>" (completing a renewal draft). Ids are
 * escaped (keyPart), so an id holding ":" cannot be mistaken for another one.
 */
import { fromKeyPart, keyPart } from "../../ports/store";

export type AgreementFormContext = { kind: "proposal"; proposalId: string } | { kind: "draft"; draftId: string };

export function encodeAgreementContext(c: AgreementFormContext): string {
  return c.kind === "proposal" ? `proposal:${keyPart(c.proposalId)}` : `draft:${keyPart(c.draftId)}`;
}

/** null when the text names neither (it comes back from a platform: untrusted) */
export function decodeAgreementContext(text: string): AgreementFormContext | null {
  const [kind, id, ...rest] = text.split(":");
  if (!id || rest.length) return null;
  if (kind === "proposal") return { kind, proposalId: fromKeyPart(id) };
  if (kind === "draft") return { kind, draftId: fromKeyPart(id) };
  return null;
}
