/** Named leases: work that one process at a time may do (the reminder sweep). */
import type { LeaseStore } from "../../ports/store";
import { isUniqueViolation, type DbAccess } from "../db";

export function leaseStore({ write: w }: DbAccess): LeaseStore {
  return {
    acquire: async (name, owner, now, until) => {
      try {
        await w((d) => d.lease.create({ data: { name, owner, until } }));
        return true;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      const taken = await w((d) => d.lease.updateMany({ where: { name, OR: [{ until: { lt: now } }, { owner }] }, data: { owner, until } }));
      return taken.count === 1;
    },
    release: async (name, owner) => {
      await w((d) => d.lease.deleteMany({ where: { name, owner } }));
    },
  };
}
