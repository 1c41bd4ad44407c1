import { randomUUID } from "node:crypto";
import type { Repos, SurveyAnswerRecord, SurveyRequestRecord, SurveyRoundRecord } from "../../ports/store";
import type { Tx } from "../db";
import { nextCounter } from "./counters";

const round = ({ tenantId: _t, ...row }: any): SurveyRoundRecord => row;
const request = ({ tenantId: _t, ...row }: any): SurveyRequestRecord => row;
const answer = ({ tenantId: _t, ...row }: any): SurveyAnswerRecord => row;

export function surveys(db: Tx, t: string): Repos["surveys"] {
  return {
    nextNumber: () => nextCounter(db, t, "survey"),
    createRound: async (r) => round(await db.surveyRound.create({ data: { ...r, tenantId: t } })),
    getRound: async (id) => {
      const row = await db.surveyRound.findUnique({ where: { tenantId: t, id } });
      return row && round(row);
    },
    listOpenBefore: async (today) => (await db.surveyRound.findMany({ where: { tenantId: t, state: "open", deadline: { lt: today } }, orderBy: { number: "asc" } })).map(round),
    listRounds: async () => (await db.surveyRound.findMany({ where: { tenantId: t }, orderBy: { number: "asc" } })).map(round),
    updateRound: async (id, patch) => {
      await db.surveyRound.update({ where: { tenantId: t, id }, data: patch });
    },
    createRequest: async (r) => request(await db.surveyRequest.create({ data: { ...r, tenantId: t } })),
    getRequest: async (id) => {
      const row = await db.surveyRequest.findUnique({ where: { tenantId: t, id } });
      return row && request(row);
    },
    listRequests: async (roundId) => (await db.surveyRequest.findMany({ where: { tenantId: t, roundId }, orderBy: { departmentCode: "asc" } })).map(request),
    updateRequest: async (id, patch) => {
      await db.surveyRequest.update({ where: { tenantId: t, id }, data: patch });
    },
    addAnswer: async (a) => {
      await db.surveyAnswer.create({ data: { tenantId: t, id: randomUUID(), ...a } });
    },
    listAnswers: async (requestId) => (await db.surveyAnswer.findMany({ where: { tenantId: t, requestId }, orderBy: { createdAt: "asc" } })).map(answer),
  };
}
