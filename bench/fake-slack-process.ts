/**
 * The fake Slack Web API in a process of its own, for the click benchmark: the bot's replies (ephemeral
 * notes, card updates) must not share an event loop with the load generator, or the generator's own
 * delays would be counted as the bot's. Prints its URL to the parent, records nothing.
 */
import { FakeSlack } from "../test/helpers/fake-slack";

const fake = await new FakeSlack({ record: false }).start();
process.send?.(fake.url);
process.on("disconnect", () => void fake.stop().then(() => process.exit(0)));
