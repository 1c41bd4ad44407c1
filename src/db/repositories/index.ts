/** The repositories of one transaction (or of a reader), one file per subject. */
import type { Repos } from "../../ports/store";
import type { Tx } from "../db";
import { agreements, reports } from "./agreements";
import { audit } from "./audit";
import { challenges } from "./challenges";
import { channelBindings } from "./channel-bindings";
import { companies } from "./companies";
import { disasters } from "./disasters";
import { inbox } from "./inbox";
import { outbox } from "./outbox";
import { processedKeys } from "./processed-keys";
import { proposals } from "./proposals";
import { reminders } from "./reminders";
import { rounds, votes } from "./rounds";
import { routings } from "./routings";
import { surveys } from "./surveys";

const nothingToHold = async () => undefined;

export function repositories(db: Tx, serialize: (...keys: string[]) => Promise<void> = nothingToHold): Repos {
  return {
    serialize,
    companies: companies(db),
    proposals: proposals(db),
    challenges: challenges(db),
    routings: routings(db),
    rounds: rounds(db),
    votes: votes(db),
    agreements: agreements(db),
    reports: reports(db),
    disasters: disasters(db),
    audit: audit(db),
    inbox: inbox(db),
    conversations: channelBindings(db),
    keys: processedKeys(db),
    outbox: outbox(db),
    reminders: reminders(db),
    surveys: surveys(db),
  };
}
