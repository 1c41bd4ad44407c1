/** Composition root for `npm start`. */
import { ConfigError } from "./config/env";
import { environmentOrExit } from "./config/dotenv";
import { createLogger } from "./logger";
import { boot } from "./bootstrap";

const STOP_TIMEOUT_MS = 3000;

async function main(): Promise<void> {
  const env = environmentOrExit(1);
  const log = createLogger(env.LOG_LEVEL);
  let running;
  try {
    running = await boot(env, log);
  } catch (e) {
    log.fatal({ err: (e as Error).message }, e instanceof ConfigError ? "configuration error" : "start-up failed");
    process.exit(1);
  }
  // Stopping is prompt whatever a platform call is doing: what is unfinished stays in the database
  // (pending messages, pending interactions) for the next start.
  const shutdown = async (signal: string) => {
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      log.warn("stopping took too long: exiting now; unfinished work stays pending for the next start");
      process.exit(0);
    }, STOP_TIMEOUT_MS);
    force.unref();
    await running.stop().catch((e) => log.error({ err: (e as Error).message }, "error while stopping"));
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

void main();
