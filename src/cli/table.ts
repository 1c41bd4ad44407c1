/**
 * The table of commands. Keyed by name so that a command with words in src/i18n/cli.ts but no entry here
 * (or the reverse) fails to compile.
 *
 * No role in src/app/permissions.ts: the CLI is run by the operator on the server, with the database's own
 * credentials; whoever can run it can open the database file itself. The permission table guards what
 * people do through Slack, Teams and the web. A command that hands a door to someone else (an install
 * link) has a row there all the same (OPERATOR_COMMANDS), naming the door it opens.
 */
import type { CommandName } from "../i18n/cli";
import type { Command } from "./command";
import configCheck from "./commands/config-check";
import dbCopy from "./commands/db-copy";
import demo from "./commands/demo";
import doctor from "./commands/doctor";
import exportAgreements from "./commands/export-agreements";
import exportAudit from "./commands/export-audit";
import exportDisasters from "./commands/export-disasters";
import importAgreements from "./commands/import-agreements";
import importPartnerships from "./commands/import-partnerships";
import outboxList from "./commands/outbox-list";
import outboxRetry from "./commands/outbox-retry";
import remindersRun from "./commands/reminders-run";
import report from "./commands/report";
import surveyStart from "./commands/survey-start";
import { tenantAdd, tenantList, tenantToken } from "./commands/tenant";
import tenantSlackInstallLink from "./commands/tenant-slack-install-link";

const TABLE: { [N in CommandName]: Command<N> } = {
  "reminders run": remindersRun,
  "import agreements": importAgreements,
  "import partnerships": importPartnerships,
  "export agreements": exportAgreements,
  "export disasters": exportDisasters,
  "export audit": exportAudit,
  "outbox list": outboxList,
  "outbox retry": outboxRetry,
  "survey start": surveyStart,
  "tenant add": tenantAdd,
  "tenant list": tenantList,
  "tenant token": tenantToken,
  "tenant slack-install-link": tenantSlackInstallLink,
  "db copy": dbCopy,
  "config check": configCheck,
  doctor,
  report,
  demo,
};

/** Every command, in the order help lists them. */
export const COMMANDS = Object.values(TABLE) as Array<Command<CommandName>>;
