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

/** `tenant`: the municipality every query of these repositories names (src/app/tenants). */
export function repositories(db: Tx, tenant: string, serialize: (...keys: string[]) => Promise<void> = nothingToHold): Repos {
  return {
    serialize,
    companies: companies(db, tenant),
    proposals: proposals(db, tenant),
    challenges: challenges(db, tenant),
    routings: routings(db, tenant),
    rounds: rounds(db, tenant),
    votes: votes(db, tenant),
    agreements: agreements(db, tenant),
    reports: reports(db, tenant),
    disasters: disasters(db, tenant),
    audit: audit(db, tenant),
    inbox: inbox(db, tenant),
    conversations: channelBindings(db, tenant),
    keys: processedKeys(db, tenant),
    outbox: outbox(db, tenant),
    reminders: reminders(db, tenant),
    surveys: surveys(db, tenant),
  };
}
