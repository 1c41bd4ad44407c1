/**
 * The house's structure, checked by dependency-cruiser over src/ (type-only imports count: a cycle of
 * types still ties the rooms together): no import cycle, and the layering the README promises.
 */
import { cruise, type ICruiseOptions, type IForbiddenRuleType } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { describe, expect, it } from "vitest";

/** Platform SDKs, web servers and database drivers (with their type packages): what only the edges use. */
const EDGE_PACKAGES = "node_modules/(@types/)?(express|@slack/|botbuilder|botframework-|@prisma/|prisma/|better-sqlite3|pg/)";
const PRISMA = `^src/generated/|node_modules/(@types/)?(@prisma/|prisma/|better-sqlite3|pg/)`;

const RULES: IForbiddenRuleType[] = [
  { name: "no-cycle", severity: "error", from: { path: "^(src|test/fixtures)/", pathNot: "^src/generated/" }, to: { circular: true } },
  {
    name: "domain-imports-only-the-domain",
    comment: "src/domain is the policy as plain TypeScript: no app, db, ports, platforms, config; of the words' home only the vocabularies it reads (legal forms, yes/no), which import nothing",
    severity: "error",
    from: { path: "^src/domain/" },
    to: { path: `^src/|${EDGE_PACKAGES}`, pathNot: "^src/domain/|^src/i18n/vocabulary\\.ts$" },
  },
  {
    name: "only-db-imports-prisma",
    comment: "Prisma, its generated clients and the drivers stay in src/db",
    severity: "error",
    from: { path: "^src/", pathNot: "^src/(db|generated)/" },
    to: { path: PRISMA },
  },
  {
    name: "app-imports-no-edge",
    comment: "use cases speak to the ports only: no platform, no db, no HTTP server, no SDK",
    severity: "error",
    from: { path: "^src/app/" },
    to: { path: `^src/(platforms|db|http|scheduler|generated)/|^src/(bootstrap|core|main|cli)\\.ts$|${EDGE_PACKAGES}` },
  },
  {
    name: "ports-import-only-domain",
    comment: "the ports are the contract between app and edges: they know the domain and each other",
    severity: "error",
    from: { path: "^src/ports/" },
    to: { path: `^src/|${EDGE_PACKAGES}`, pathNot: "^src/(ports|domain)/" },
  },
];

async function violations(roots: string[]): Promise<string[]> {
  const options: ICruiseOptions = {
    ruleSet: { forbidden: RULES },
    // count `import type` and type-only uses, which the compiled JavaScript no longer shows
    tsPreCompilationDeps: true,
    // the generated Prisma clients are read as leaves: what imports them counts, not what they import
    doNotFollow: { path: ["node_modules", "^src/generated/"] },
    validate: true,
  };
  const result = await cruise(roots, options, undefined, { tsConfig: extractTSConfig("tsconfig.json") });
  const output = result.output;
  if (typeof output === "string") throw new Error("dependency-cruiser returned text, not a result");
  return output.summary.violations.map((v) =>
    v.cycle ? `${v.rule.name}: ${[v.from, ...v.cycle.map((c) => c.name)].join(" → ")}` : `${v.rule.name}: ${v.from} → ${v.to}`,
  );
}

describe("the structure of src/", () => {
  it("has no import cycle (type-only imports count) and keeps its layers: the domain pure, Prisma in src/db, no edge in src/app", async () => {
    expect(await violations(["src"])).toEqual([]);
  });

  it("the check sees a cycle made only of type imports, and names its modules", async () => {
    const found = await violations(["test/fixtures/architecture/cycle"]);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(/^no-cycle: test\/fixtures\/architecture\/cycle\/(proposal|routing)\.ts → .*(routing|proposal)\.ts/);
  });
});
