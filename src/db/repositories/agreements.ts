import { randomUUID } from "node:crypto";
import type { AgreementRecord, Repos, StatusReportRecord } from "../../ports/store";
import type { Tx } from "../db";
import { nextCounter } from "./counters";

const agreement = (row: any): AgreementRecord => {
  const { updatedAt: _u, ...rest } = row;
  return rest;
};
const report = (row: any): StatusReportRecord => row;

export function agreements(db: Tx): Repos["agreements"] {
  return {
    nextNumber: () => nextCounter(db, "agreement"),
    create: async (a) => agreement(await db.agreement.create({ data: a })),
    get: async (id) => {
      const r = await db.agreement.findUnique({ where: { id } });
      return r && agreement(r);
    },
    findByCompanyTitleStart: async (companyId, title, startDate) => {
      const r = await db.agreement.findFirst({ where: { companyId, title, startDate }, orderBy: { number: "asc" } });
      return r && agreement(r);
    },
    getByNumber: async (number) => {
      const r = await db.agreement.findUnique({ where: { number } });
      return r && agreement(r);
    },
    findByImportKey: async (importKey) => {
      const r = await db.agreement.findUnique({ where: { importKey } });
      return r && agreement(r);
    },
    numberAtLeast: async (number) => {
      const c = await db.counter.findUnique({ where: { name: "agreement" } });
      if (!c) await db.counter.create({ data: { name: "agreement", value: number } });
      else if (c.value < number) await db.counter.update({ where: { name: "agreement" }, data: { value: number } });
    },
    getSuccessor: async (id) => {
      const r = await db.agreement.findUnique({ where: { predecessorId: id } });
      return r && agreement(r);
    },
    list: async (filter = {}) =>
      (
        await db.agreement.findMany({
          where: { state: filter.state, departmentCode: filter.departmentCode, companyId: filter.companyId },
          orderBy: [{ endDate: "asc" }, { number: "asc" }],
        })
      ).map(agreement),
    listByProposal: async (proposalId) =>
      (await db.agreement.findMany({ where: { proposalId }, orderBy: { number: "asc" } })).map(agreement),
    update: async (id, patch) => agreement(await db.agreement.update({ where: { id }, data: patch })),
  };
}

/** Implementation status reports of agreements (§6(4)②③). */
export function reports(db: Tx): Repos["reports"] {
  return {
    create: async (r) => report(await db.statusReport.create({ data: { id: randomUUID(), ...r } })),
    listByAgreement: async (agreementId) =>
      (await db.statusReport.findMany({ where: { agreementId }, orderBy: { createdAt: "asc" } })).map(report),
  };
}
