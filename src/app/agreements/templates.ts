/** 協定様式及び協定手順の提供 (§6(4)①): the Markdown files under templates/. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "../../paths";
import { PATTERNS, type Pattern } from "../../domain/proposal";

const dir = pathToFileURL(join(PROJECT_ROOT, "templates/"));

export function isPattern(s: string): s is Pattern {
  return (PATTERNS as readonly string[]).includes(s);
}

export async function agreementTemplate(pattern: Pattern): Promise<{ template: string; procedure: string }> {
  const [template, procedure] = await Promise.all([
    readFile(new URL(`agreement-${pattern}.md`, dir), "utf8"),
    readFile(new URL(`procedure-${pattern}.md`, dir), "utf8"),
  ]);
  return { template, procedure };
}
