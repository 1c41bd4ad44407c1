/** The Prisma client as the rest of src/db sees it: one type for both providers (one model definition). */
import type { PrismaClient } from "../generated/prisma/client";

export type Db = InstanceType<typeof PrismaClient>;

/** The client inside a transaction (what repositories are built on). */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";

export const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
export const parseJson = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

/**
 * How the store reaches the database outside a use case's transaction (see PrismaStore): reads on the
 * reader, single writes and transactions through the SQLite writer's turn or PostgreSQL's pool.
 */
export interface DbAccess {
  /** reads outside transactions: on SQLite a connection of their own, which sees committed data only */
  reader: Db;
  /** SQLite: the reader's connection (for prepared statements); undefined on PostgreSQL */
  readerConnection: () => import("better-sqlite3").Database | undefined;
  /** one write, as its own transaction on SQLite (the writer's turn) */
  write<T>(fn: (d: Tx) => Promise<T>): Promise<T>;
  /**
   * a transaction; on SQLite after every other one that changes things, with the raw connection; on
   * PostgreSQL after those holding any of `holds` (locks.ts)
   */
  transaction<T>(fn: (d: Tx, raw?: () => import("better-sqlite3").Database) => Promise<T>, holds?: string[]): Promise<T>;
}
