import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * `deleted_at + retention` in SQL: the database's one definition, `vellum_expiry` (migration
 * 0011_expiry_function), the same instant as domain/lifecycle.ts expiryOf.
 */
export const expirySql = (deletedAt: AnyColumn | SQL, months: number): SQL =>
  sql`vellum_expiry(${deletedAt}, ${months}::int)`;

/** The deleted rows whose expiry has been reached at `now`. */
export const expiredSql = (deletedAt: AnyColumn, months: number, now: Date): SQL =>
  sql`(${deletedAt} is not null and ${expirySql(deletedAt, months)} <= ${now.toISOString()}::timestamptz)`;

/** The deleted rows that can still be recovered at `now`. */
export const recoverableSql = (deletedAt: AnyColumn, months: number, now: Date): SQL =>
  sql`(${deletedAt} is not null and ${expirySql(deletedAt, months)} > ${now.toISOString()}::timestamptz)`;
