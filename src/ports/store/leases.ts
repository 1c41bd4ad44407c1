/** Named leases: work that one process at a time may do (the reminder sweep). */
export interface LeaseStore {
  acquire(name: string, owner: string, now: Date, until: Date): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}
