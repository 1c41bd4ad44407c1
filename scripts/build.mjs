// Builds what `npm start` and `npm run cli` run: src/main.ts and src/cli.ts bundled into dist/ as ES
// modules, dependencies left in node_modules. Split into chunks so that a platform that is off (Slack,
// Teams) is never loaded. Plain JavaScript, so it runs at install time without a TypeScript loader.
// Also the public desk's one browser script (dist/public/propose.js), served from /assets.
import { build } from "esbuild";

await build({
  entryPoints: ["src/main.ts", "src/cli.ts"],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});

await build({
  entryPoints: ["src/platforms/web/assets/propose.ts"],
  outfile: "dist/public/propose.js",
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  minify: true,
  logLevel: "warning",
});
