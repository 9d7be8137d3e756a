import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { patients } from '../../db/schema.ts';
import { auditEvents } from '../../db/schema-audit.ts';
import type { RecordType } from '../versions.ts';
import { recordTable } from './record-kinds.ts';

/**
 * `deleted_at + retention` in SQL: the database's one definition, `vellum_expiry` (migrations
 * 0014_expiry_function and legal_hold_expiry), the same instant as domain/lifecycle.ts expiryOf.
 * With `held` (a boolean expression) it is null while the record's patient is under legal hold.
 */
export const expirySql = (deletedAt: AnyColumn | SQL, months: number, held?: SQL): SQL =>
  held
    ? sql`vellum_expiry(${deletedAt}, ${months}::int, ${held})`
    : sql`vellum_expiry(${deletedAt}, ${months}::int)`;

/** The deleted rows whose expiry has been reached at `now` (a held row has none, so never). */
export const expiredSql = (deletedAt: AnyColumn, months: number, now: Date, held?: SQL): SQL =>
  sql`(${deletedAt} is not null and ${expirySql(deletedAt, months, held)} <= ${now.toISOString()}::timestamptz)`;

/** The deleted rows that can still be recovered at `now` (a held one always can). */
export const recoverableSql = (deletedAt: AnyColumn, months: number, now: Date, held?: SQL): SQL =>
  sql`(${deletedAt} is not null and coalesce(${expirySql(deletedAt, months, held)} > ${now.toISOString()}::timestamptz, true))`;

const patientHeld = (patientId: AnyColumn) =>
  sql`exists (select 1 from patients h where h.id = ${patientId} and h.hold_placed_at is not null)`;

/** Whether a record of this kind is under legal hold: its patient's hold covers its compartment. */
export const heldSql = (type: RecordType): SQL =>
  type === 'patient' ? sql`(${patients.holdPlacedAt} is not null)` : patientHeld(recordTable(type).patientId);

/** Whether a log event belongs to a held patient (its activity does not expire either). */
export const eventHeldSql = (): SQL => patientHeld(auditEvents.patientId);

/** A kind's rows whose expiry has been reached at `now`, holds taken into account. */
export const recordExpiredSql = (type: RecordType, months: number, now: Date): SQL =>
  expiredSql(recordTable(type).deletedAt, months, now, heldSql(type));

/** A kind's rows still recoverable at `now`, holds taken into account. */
export const recordRecoverableSql = (type: RecordType, months: number, now: Date): SQL =>
  recoverableSql(recordTable(type).deletedAt, months, now, heldSql(type));
