/** Neutral messages about proposals: what the window and the departments see. */
import { normalizeCompanyName } from "../../domain/company";
import { canTransition, formatProposalNumber } from "../../domain/proposal";
import type { Messages } from "../../i18n";
import { ACTIONS, type ActionButton, type ChatMessage, type Field, type MessageBlock } from "../../ports/chat";
import type { CompanyRecord, ProposalRecord, RoutingRecord } from "../../ports/store";
import type { OrgDirectory } from "../kernel/org-directory";
import { shorten } from "../kernel/text";
import { encodeAgreementContext } from "../agreements/form-context";


export function proposalFields(t: Messages, dir: OrgDirectory, p: ProposalRecord, c: CompanyRecord): Field[] {
  const fields: Field[] = [
    { label: t.company, value: c.name + (c.corporateNumber ? t.aside(c.corporateNumber) : "") },
    { label: t.pattern_, value: t.pattern[p.pattern] },
    { label: t.fields, value: t.list(p.fields.map((f) => dir.fieldName(f))) || "-" },
    { label: t.costToCity, value: p.costToCity ? t.yes : t.no },
  ];
  if (p.desiredStart) fields.push({ label: t.desiredStart, value: t.date(p.desiredStart) });
  // a 法人番号 is public: anyone can type a known company's, so a different name is shown and flagged
  if (p.submittedCompanyName && normalizeCompanyName(p.submittedCompanyName) !== c.normalizedName) {
    fields.push({ label: t.submittedName, value: `${p.submittedCompanyName}${t.aside(t.nameDiffers)}` });
  }
  // from outside a 法人番号 never changes the directory: one the directory does not have for this company is shown, unconfirmed
  if (p.submittedCorporateNumber && p.submittedCorporateNumber !== c.corporateNumber) {
    fields.push({ label: t.submittedNumber, value: `${p.submittedCorporateNumber}${t.aside(c.corporateNumber ? t.numberDiffers : t.numberUnconfirmed)}` });
  }
  if (p.source === "web") fields.push({ label: t.source, value: t.viaDesk });
  return fields;
}

/**
 * The company's contact person: for the departments the proposal is routed to and for the window, who
 * must reach them; never on the board's card (proposalFields alone).
 */
export function contactField(t: Messages, p: ProposalRecord): Field {
  return { label: t.contact, value: [p.contactName, p.email, p.phone].filter(Boolean).join(" / ") };
}

function notes(t: Messages, p: ProposalRecord): MessageBlock[] {
  const out: MessageBlock[] = [];
  if (p.companyBearsDevCost) out.push({ type: "context", text: t.devCostNote });
  if (p.costToCity) out.push({ type: "context", text: t.boardNote });
  return out;
}

/** The window's summary of a proposal, kept up to date in place. */
/** The call for proposals a proposal answers, as staff read it: C-0001「…」 */
export function answersField(t: Messages, answers: string | undefined): Field[] {
  return answers ? [{ label: t.challenge.answers, value: answers }] : [];
}

export function windowSummary(t: Messages, dir: OrgDirectory, p: ProposalRecord, c: CompanyRecord, routings: RoutingRecord[], answers?: string): ChatMessage {
  const number = formatProposalNumber(p.number);
  const routed = routings.map((r) => `${dir.unitName(r.departmentCode)}: ${t.routingState[r.state]}`).join("\n") || "-";
  const blocks: MessageBlock[] = [
    { type: "header", text: `${t.newProposalHeader(number)}` },
    { type: "text", text: shorten(p.title, 300) },
    { type: "fields", fields: [...proposalFields(t, dir, p, c), ...answersField(t, answers), contactField(t, p), { label: t.status_, value: t.status[p.status] }] },
    { type: "text", text: shorten(p.summary, 2500) },
    { type: "fields", fields: [{ label: t.routedTo, value: routed }, { label: t.owner, value: p.ownerDepartment ? dir.unitName(p.ownerDepartment) : "-" }] },
    ...notes(t, p),
  ];
  if (p.status !== "concluded" && p.status !== "withdrawn") {
    const actions: ActionButton[] = [{ actionId: ACTIONS.reroute, label: t.reroute, value: p.id }];
    if (canTransition(p.status, "withdrawn")) actions.push({ actionId: ACTIONS.withdraw, label: t.withdraw.button, value: p.id });
    blocks.push({ type: "actions", actions });
  }
  return { text: `${t.newProposalHeader(number)}: ${shorten(p.title, 200)}`, blocks };
}

/** The request to one department to take a proposal up; after a decision it shows who has it. */
export function routingMessage(t: Messages, dir: OrgDirectory, p: ProposalRecord, c: CompanyRecord, r: RoutingRecord, answers?: string): ChatMessage {
  const number = formatProposalNumber(p.number);
  const blocks: MessageBlock[] = [
    { type: "header", text: t.routingHeader(number) },
    { type: "text", text: shorten(p.title, 300) },
    { type: "fields", fields: [...proposalFields(t, dir, p, c), ...answersField(t, answers), contactField(t, p)] },
    { type: "text", text: shorten(p.summary, 2500) },
    ...notes(t, p),
  ];
  if (r.departmentCode === dir.windowCode) blocks.push({ type: "context", text: t.windowOnlyNote });
  if (r.state === "pending") {
    blocks.push({ type: "context", text: t.routingAsk });
    const actions: ActionButton[] = [
      { actionId: ACTIONS.take, label: t.take, value: r.id, style: "primary" as const },
      { actionId: ACTIONS.sendBack, label: t.sendBack, value: r.id },
    ];
    if (r.departmentCode === dir.windowCode) actions.push({ actionId: ACTIONS.reroute, label: t.reroute, value: p.id });
    blocks.push({ type: "actions", actions });
  } else if (r.state === "taken") {
    blocks.push({ type: "context", text: `${t.takenContext(dir.unitName(r.departmentCode))} / ${t.status[p.status]}` });
    const actions = ownerActions(t, p);
    if (actions.length) blocks.push({ type: "actions", actions });
  } else {
    const owner = p.ownerDepartment ? ` / ${t.takenContext(dir.unitName(p.ownerDepartment))}` : "";
    blocks.push({ type: "context", text: `${t.routingState[r.state]}${owner}` });
  }
  return { text: `${t.routingHeader(number)}: ${shorten(p.title, 200)}`, blocks };
}

export function textMessage(text: string): ChatMessage {
  return { text, blocks: [{ type: "text", text }] };
}

/** What the owning department can do next, by the proposal's state. */
function ownerActions(t: Messages, p: ProposalRecord): ActionButton[] {
  const register: ActionButton = { actionId: ACTIONS.registerAgreement, label: t.agreement.register, value: encodeAgreementContext({ kind: "proposal", proposalId: p.id }), style: "primary" };
  const toBoard: ActionButton = { actionId: ACTIONS.toBoard, label: t.toBoard, value: p.id };
  switch (p.status) {
    case "taken":
      return p.costToCity ? [toBoard] : [register, { actionId: ACTIONS.recordNoAgreement, label: t.agreement.noAgreement, value: p.id }, toBoard];
    case "changes_requested":
      return [toBoard];
    case "approved":
      return [register];
    default:
      return [];
  }
}
