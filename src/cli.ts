/**
 * Entry of `npm run cli` (bundled into dist/cli.js by scripts/build.mjs). The commands are a table in
 * src/cli/: `npm run cli -- --help` lists them.
 */
import { environmentOrExit } from "./config/dotenv";
import { runCli } from "./cli/index";

export { runCli, type CliIo } from "./cli/index";

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop()!);
if (isMain) {
  const env = environmentOrExit(2);
  runCli(process.argv.slice(2), { out: (s) => console.log(s), err: (s) => console.error(s), raw: (s) => process.stdout.write(s) }, env).then(
    (code) => process.exit(code),
    (e) => {
      console.error((e as Error).message);
      process.exit(1);
    },
  );
}
