import { randomUUID } from "node:crypto";
import type { Repos, SurveyAnswerRecord, SurveyRequestRecord, SurveyRoundRecord } from "../../ports/store";
import type { Tx } from "../db";
import { nextCounter } from "./counters";

const round = (row: any): SurveyRoundRecord => row;
const request = (row: any): SurveyRequestRecord => row;
const answer = (row: any): SurveyAnswerRecord => row;

export function surveys(db: Tx): Repos["surveys"] {
  return {
    nextNumber: () => nextCounter(db, "survey"),
    createRound: async (r) => round(await db.surveyRound.create({ data: r })),
    getRound: async (id) => {
      const row = await db.surveyRound.findUnique({ where: { id } });
      return row && round(row);
    },
    listOpenBefore: async (today) => (await db.surveyRound.findMany({ where: { state: "open", deadline: { lt: today } }, orderBy: { number: "asc" } })).map(round),
    listRounds: async () => (await db.surveyRound.findMany({ orderBy: { number: "asc" } })).map(round),
    updateRound: async (id, patch) => {
      await db.surveyRound.update({ where: { id }, data: patch });
    },
    createRequest: async (r) => request(await db.surveyRequest.create({ data: r })),
    getRequest: async (id) => {
      const row = await db.surveyRequest.findUnique({ where: { id } });
      return row && request(row);
    },
    listRequests: async (roundId) => (await db.surveyRequest.findMany({ where: { roundId }, orderBy: { departmentCode: "asc" } })).map(request),
    updateRequest: async (id, patch) => {
      await db.surveyRequest.update({ where: { id }, data: patch });
    },
    addAnswer: async (a) => {
      await db.surveyAnswer.create({ data: { id: randomUUID(), ...a } });
    },
    listAnswers: async (requestId) => (await db.surveyAnswer.findMany({ where: { requestId }, orderBy: { createdAt: "asc" } })).map(answer),
  };
}
