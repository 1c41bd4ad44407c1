/** The chat commands as help lists them: what each does and what it takes (src/app/commands.ts is the table). */
export const ja = {
  describe: {
    new: "連携提案を登録",
    company: "企業の提案と状態",
    shared: "自治体をまたぐ共有台帳で、連携協定を企業名・分野で探す（共有に同意した自治体の職員）",
    agreements: "協定の一覧",
    template: "協定様式と手順",
    challenge: "地域課題・テーマ型募集を公開（部署の職員）。番号を付けると、その募集の内容の編集・締切の延長・取り下げ（公開した部署と窓口）",
    own: "部署が独自に結んだ連携を登録（部署の職員）",
    survey: "部署独自の連携と災害協定の調査を始める（窓口。既定の締切は30日後）",
    report: "連携の取組状況（年度の数字）と、報告ページへの個人用リンク（窓口・企画課）",
    home: "あなたの担当業務（進行中の提案、終了が近い協定、提出時期の報告、投票待ちの審査）",
    bind: "このチャットを部署のチャネルにする（窓口の担当者のみ）",
    unbind: "その結び付けを解除する（窓口の担当者のみ）",
    help: "この一覧",
  },
  args: {
    company: "<企業名>",
    shared: "<企業名または分野>",
    agreements: "[ページ]",
    template: "<co_hosting|tech_trial|other>",
    bind: "<部署コード>",
    survey: "[締切 YYYY-MM-DD]",
    challenge: "[C-0001]",
  } as Partial<Record<string, string>>,
};

export const en: typeof ja = {
  describe: {
    new: "register a proposal",
    company: "a company's proposals and their states",
    shared: "search the partnerships of the deployment's municipalities by company or field, in the shared register (staff of a municipality that agreed to share)",
    agreements: "agreements by state and end date",
    template: "agreement template and procedure",
    challenge: "publish a local challenge or theme call (department staff); with a number, edit, extend or withdraw that call (its department, the window)",
    own: "register a partnership your department made on its own (department staff)",
    survey: "start a survey of departments' own partnerships and disaster agreements (window; due in 30 days by default)",
    report: "the program's figures for the fiscal year and a personal link to the reports page (window, planning division)",
    home: "your work: proposals in progress, agreements ending soon, reports due, reviews waiting for your vote",
    bind: "make this chat that department's channel (window staff only)",
    unbind: "undo that (window staff only)",
    help: "this list",
  },
  args: {
    company: "<name>",
    shared: "<company or field>",
    agreements: "[page]",
    template: "<co_hosting|tech_trial|other>",
    bind: "<department code>",
    survey: "[deadline YYYY-MM-DD]",
    challenge: "[C-0001]",
  },
};
