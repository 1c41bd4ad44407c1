/**
 * The municipalities of a deployment that serves several (src/app/tenants): added and updated from their
 * YAML (checked like the org config), listed, and given an intake API token (stored as its hash only).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parseOrgText } from "../../config/org";
import { DEFAULT_TENANT, SLUG, tokenHash } from "../../app/tenants/registry";
import { command, UsageError } from "../command";

export const tenantAdd = command({
  name: "tenant add",
  options: { config: { type: "string" } },
  args: 1,
  example: "tenant add chiyoda --config config/chiyoda.yml",
  async run(c) {
    const slug = c.args[0] ?? "";
    if (!SLUG.test(slug) || slug === DEFAULT_TENANT) {
      c.io.err(c.t.tenant.badSlug(slug));
      return 2;
    }
    const file = c.str("config");
    if (!file) throw new UsageError("--config");
    const text = readFileSync(file, "utf8");
    // checked before anything is stored: a wrong rulebook never reaches a running bot
    const org = parseOrgText(text, file, extname(file).toLowerCase() === ".json");
    const core = await c.open();
    const added = await core.store.municipalities.save(slug, text);
    c.io.out((added ? c.t.tenant.added : c.t.tenant.updated)(slug, org.city.name.ja));
    return 0;
  },
});

export const tenantList = command({
  name: "tenant list",
  options: {},
  example: "tenant list",
  async run(c) {
    const core = await c.open();
    const rows = await core.store.municipalities.list();
    if (rows.length === 0) c.io.out(c.t.tenant.none);
    for (const row of rows) {
      const org = parseOrgText(row.config, `municipality ${row.slug}`);
      c.io.out(c.t.tenant.row(row.slug, org.city.name.ja, org.tenant.teamsTenants.join(","), org.tenant.shareRegister));
    }
    return 0;
  },
});

export const tenantToken = command({
  name: "tenant token",
  options: {},
  args: 1,
  example: "tenant token chiyoda",
  async run(c) {
    const slug = c.args[0] ?? "";
    const core = await c.open();
    if (!(await core.store.municipalities.get(slug))) {
      c.io.err(c.t.tenant.unknown(slug));
      return 1;
    }
    const token = randomBytes(32).toString("base64url");
    await core.store.municipalities.setIntakeToken(slug, tokenHash(token));
    c.io.out(c.t.tenant.token(slug, token));
    return 0;
  },
});
