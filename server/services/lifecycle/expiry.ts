import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * `deleted_at + retention` in SQL, counted in UTC whatever the session's time zone, so that it is
 * the same instant as domain/retention.ts addMonths (both clamp to the end of a shorter month).
 */
export const expirySql = (deletedAt: AnyColumn | SQL, months: number): SQL =>
  sql`((${deletedAt} at time zone 'UTC') + make_interval(months => ${months}::int)) at time zone 'UTC'`;

/** The deleted rows whose expiry has been reached at `now`. */
export const expiredSql = (deletedAt: AnyColumn, months: number, now: Date): SQL =>
  sql`(${deletedAt} is not null and ${expirySql(deletedAt, months)} <= ${now.toISOString()}::timestamptz)`;

/** The deleted rows that can still be recovered at `now`. */
export const recoverableSql = (deletedAt: AnyColumn, months: number, now: Date): SQL =>
  sql`(${deletedAt} is not null and ${expirySql(deletedAt, months)} > ${now.toISOString()}::timestamptz)`;
