import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context";
import { registerRoutingActions } from "./routing";

export function register(app: App, deps: SlackDeps): void {
  registerRoutingActions(app, deps);
}
