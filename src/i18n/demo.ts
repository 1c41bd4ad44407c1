/** The local trial (`demo`): what it says it is doing at each step. */
export const ja = {
  intro: (city: string, db: string) => `${city}の設定で、一時的なデータベース（${db}）に提案を一件通します。Slack・Teams には何も送りません。各チャネルに届くはずのメッセージを表示します。`,
  step: (n: number, what: string) => `\n━━ ${n}. ${what}`,
  received: "企業が公開フォームから提案する（費用負担が生じるため審査会へ）",
  takenUp: (dept: string) => `${dept} が引き受ける（意見を添えて審査会へ）`,
  voted: (name: string) => `${name} が承認する`,
  concluded: "担当部署が協定を登録する（期間2年以内）",
  done: (n: string, state: string) => `\n完了: ${n} は「${state}」になりました。一時データベースは削除しました。実際の接続は README の「Connect a Slack workspace」「Connect Microsoft Teams」へ。`,
  noBoard: "審査会の委員が設定されていないため、審査の手順は省きます。",
  updated: "（更新）",
  board: "連携事業審査会",
  sample: {
    company: "サンプル商事株式会社",
    contact: "見本 太郎",
    title: "地域の見守りにセンサーを活用する実証",
    summary: "高齢者の見守りにセンサーを使う実証実験の提案（試用のための架空の提案です）。",
    opinion: "部署として前向きに検討したい。",
    agreement: "見守りセンサー実証に関する協定",
  },
};

export const en: typeof ja = {
  intro: (city, db) => `With ${city}'s configuration, one proposal goes through a temporary database (${db}). Nothing is sent to Slack or Teams: each channel's messages are printed instead.`,
  step: (n, what) => `\n━━ ${n}. ${what}`,
  received: "A company proposes through the public form (it would cost the city money)",
  takenUp: (dept) => `${dept} takes it up (with its opinion, to the board)`,
  voted: (name) => `${name} approves`,
  concluded: "The owning department registers the agreement (two years at most)",
  done: (n, state) => `\nDone: ${n} is now "${state}". The temporary database was deleted. To connect for real, see "Connect a Slack workspace" and "Connect Microsoft Teams" in the README.`,
  noBoard: "No board members are configured: the review step is skipped.",
  updated: "(updated)",
  board: "Review board",
  sample: {
    company: "Sample Trading Co., Ltd.",
    contact: "Taro Mihon",
    title: "Field trial of sensors for watching over elderly residents",
    summary: "A proposal for a field trial of sensors that help watch over elderly residents (a made-up proposal for the trial).",
    opinion: "Our department would like to take this forward.",
    agreement: "Agreement on the sensor field trial",
  },
};
