/** 調査: survey rounds, one request per department, and every answer kept. */
export interface SurveyRoundRecord {
  id: string;
  number: number;
  /** YYYY-MM-DD (Tokyo): the round closes after that day */
  deadline: string;
  state: "open" | "closed";
  startedBy: string;
  startedAt: Date;
  closedAt: Date | null;
  summary: string | null;
}

/** One thing a department's card listed, as it was when the round started. */
export interface SurveyItem {
  type: "agreement" | "disaster";
  id: string;
  label: string;
  companyContact: string | null;
  cityContact: string | null;
  lastUsedOn: string | null;
}

export interface SurveyRequestRecord {
  id: string;
  roundId: string;
  departmentCode: string;
  state: "pending" | "answered";
  /** JSON of SurveyItem[] */
  items: string;
  answeredAt: Date | null;
  answeredBy: string | null;
}

export interface SurveyAnswerRecord {
  id: string;
  requestId: string;
  subjectType: "agreement" | "disaster" | "missing";
  subjectId: string | null;
  inForce: boolean | null;
  companyContact: string | null;
  cityContact: string | null;
  lastUsedOn: string | null;
  text: string | null;
  changed: boolean;
  answeredBy: string;
  createdAt: Date;
}

export interface SurveysRepo {
  nextNumber(): Promise<number>;
  createRound(r: Omit<SurveyRoundRecord, "closedAt" | "summary">): Promise<SurveyRoundRecord>;
  getRound(id: string): Promise<SurveyRoundRecord | null>;
  /** open rounds whose deadline is before `today` (YYYY-MM-DD) */
  listOpenBefore(today: string): Promise<SurveyRoundRecord[]>;
  listRounds(): Promise<SurveyRoundRecord[]>;
  updateRound(id: string, patch: Partial<Pick<SurveyRoundRecord, "state" | "closedAt" | "summary">>): Promise<void>;
  createRequest(r: Omit<SurveyRequestRecord, "answeredAt" | "answeredBy">): Promise<SurveyRequestRecord>;
  getRequest(id: string): Promise<SurveyRequestRecord | null>;
  listRequests(roundId: string): Promise<SurveyRequestRecord[]>;
  updateRequest(id: string, patch: Partial<Pick<SurveyRequestRecord, "state" | "answeredAt" | "answeredBy">>): Promise<void>;
  addAnswer(a: Omit<SurveyAnswerRecord, "id" | "createdAt">): Promise<void>;
  listAnswers(requestId: string): Promise<SurveyAnswerRecord[]>;
}
