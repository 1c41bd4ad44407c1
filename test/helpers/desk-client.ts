/** A visitor of the public desk without a browser: cookies kept, the form's hidden fields read from the page. */
export class DeskVisitor {
  private cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async get(path: string): Promise<{ status: number; html: string; res: Response }> {
    const res = await fetch(`${this.base}${path}`, { headers: { ...this.headers, cookie: this.cookieHeader() }, redirect: "manual" });
    this.keep(res);
    return { status: res.status, html: await res.text(), res };
  }

  /** Opens the form at `path` and posts it back with `fields` (and whatever hidden fields it carries). */
  async submit(path: string, fields: Record<string, string | string[]>, opts: { dropCsrf?: boolean; headers?: Record<string, string> } = {}) {
    const form = await this.get(path);
    const body = hiddenFields(form.html, opts.dropCsrf);
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.post(path, body, opts.headers);
  }

  /**
   * The whole way of a proposal, as a visitor without JavaScript goes: the form at `path` filled with
   * `fields` (入力), its confirmation page (確認, which must answer 200), and "send" from it (完了).
   * The answer is the send's; `confirmation` is the page it was sent from.
   */
  async propose(path: string, fields: Record<string, string | string[]>, opts: { headers?: Record<string, string> } = {}) {
    const confirmation = await this.submit(path, fields, opts);
    if (confirmation.status !== 200) throw new Error(`the form answered ${confirmation.status}, not a confirmation page: ${textOfHtml(confirmation.html).slice(0, 600)}`);
    const sent = await this.post(sendPath(path), hiddenFields(confirmation.html), opts.headers);
    return { ...sent, confirmation };
  }

  /** Posts; a 303 (the proposal stored) is followed as a browser does: `html` is then the page it leads to. */
  async post(path: string, body: URLSearchParams, headers: Record<string, string> = {}): Promise<{ status: number; html: string; res: Response; location?: string }> {
    const res = await fetch(`${this.base}${path}`, {
      method: "POST",
      headers: { ...this.headers, ...headers, "content-type": "application/x-www-form-urlencoded", cookie: this.cookieHeader() },
      body,
      redirect: "manual",
    });
    this.keep(res);
    const location = res.headers.get("location") ?? undefined;
    if (res.status === 303 && location) return { status: 303, html: (await this.get(location)).html, res, location };
    return { status: res.status, html: await res.text(), res };
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** A complete, valid proposal as the form sends it. */
export function deskFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    companyName: "株式会社みなとテック",
    corporateNumber: "7000012050002",
    contactName: "山田花子",
    email: "hanako@example.co.jp",
    phone: "03-1234-5678",
    title: "小学校でのプログラミング教育講座",
    summary: "区立小学校でAIを使ったプログラミング講座を開く提案です。",
    fields: ["education"],
    pattern: "tech_trial",
    costToCity: "no",
    desiredStart: "",
    consent: "yes",
    website: "",
    ...overrides,
  };
}

/** Text of an HTML fragment, tags removed (for assertions on what a visitor reads). */
export function textOfHtml(html: string): string {
  return html.replace(/<[^>]+>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");
}

/** Every hidden field of a page, as a browser sends them (entities decoded). */
export function hiddenFields(html: string, dropCsrf = false): URLSearchParams {
  const body = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    if (dropCsrf && name === "_csrf") continue;
    body.append(name, decodeEntities(value));
  }
  return body;
}

/** Where the confirmation page of the form at `path` sends to (/propose?lang=en → /propose/send?lang=en). */
export function sendPath(path: string): string {
  const url = new URL(path, "http://x");
  // a municipality's desk under /m/<slug>/ sends to its own /m/<slug>/propose/send
  return `${url.pathname.replace(/\/propose$/, "")}/propose/send${url.search}`;
}

/** What Eta's escaping wrote, read back. */
export function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}
