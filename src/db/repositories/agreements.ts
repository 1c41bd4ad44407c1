import { randomUUID } from "node:crypto";
import type { AgreementRecord, Repos, StatusReportRecord } from "../../ports/store";
import type { Tx } from "../db";
import { counterName, nextCounter } from "./counters";

const agreement = (row: any): AgreementRecord => {
  const { updatedAt: _u, tenantId: _t, ...rest } = row;
  return rest;
};
const report = ({ tenantId: _t, ...row }: any): StatusReportRecord => row;

export function agreements(db: Tx, t: string): Repos["agreements"] {
  return {
    nextNumber: () => nextCounter(db, t, "agreement"),
    create: async (a) => agreement(await db.agreement.create({ data: { ...a, tenantId: t } })),
    get: async (id) => {
      const r = await db.agreement.findUnique({ where: { tenantId: t, id } });
      return r && agreement(r);
    },
    findByCompanyTitleStart: async (companyId, title, startDate) => {
      const r = await db.agreement.findFirst({ where: { tenantId: t, companyId, title, startDate }, orderBy: { number: "asc" } });
      return r && agreement(r);
    },
    getByNumber: async (number) => {
      const r = await db.agreement.findUnique({ where: { tenantId_number: { tenantId: t, number } } });
      return r && agreement(r);
    },
    findByImportKey: async (importKey) => {
      const r = await db.agreement.findUnique({ where: { tenantId_importKey: { tenantId: t, importKey } } });
      return r && agreement(r);
    },
    numberAtLeast: async (number) => {
      const c = await db.counter.findUnique({ where: { name: counterName(t, "agreement") } });
      if (!c) await db.counter.create({ data: { name: counterName(t, "agreement"), value: number } });
      else if (c.value < number) await db.counter.update({ where: { name: counterName(t, "agreement") }, data: { value: number } });
    },
    getSuccessor: async (id) => {
      const r = await db.agreement.findUnique({ where: { tenantId: t, predecessorId: id } });
      return r && agreement(r);
    },
    list: async (filter = {}) =>
      (
        await db.agreement.findMany({
          where: { tenantId: t, state: filter.state, departmentCode: filter.departmentCode, companyId: filter.companyId },
          orderBy: [{ endDate: "asc" }, { number: "asc" }],
        })
      ).map(agreement),
    listByProposal: async (proposalId) =>
      (await db.agreement.findMany({ where: { tenantId: t, proposalId }, orderBy: { number: "asc" } })).map(agreement),
    update: async (id, patch) => agreement(await db.agreement.update({ where: { tenantId: t, id }, data: patch })),
  };
}

/** Implementation status reports of agreements (§6(4)②③). */
export function reports(db: Tx, t: string): Repos["reports"] {
  return {
    create: async (r) => report(await db.statusReport.create({ data: { tenantId: t, id: randomUUID(), ...r } })),
    listByAgreement: async (agreementId) =>
      (await db.statusReport.findMany({ where: { tenantId: t, agreementId }, orderBy: { createdAt: "asc" } })).map(report),
  };
}
