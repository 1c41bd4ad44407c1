import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context";
import { registerPartnerCommand } from "./partner";

export function register(app: App, deps: SlackDeps): void {
  registerPartnerCommand(app, deps);
}
