// A small reference model of PRODUCT.md §6 (deletion, retention, recovery and cleanup of patients,
// entries and images), written from the product text rather than from the server's code, so that
// the model-based test compares two independent readings of the same rules.

export type Policy = 'recoverable' | 'standard' | 'permanent';
export type Kind = 'patient' | 'entry' | 'image';
export type State = 'active' | 'deleted' | 'gone';

export interface ModelRecord {
  kind: Kind;
  id: string;
  /** The patient it belongs to (its own id for a patient). */
  patientId: string;
  uniqueId: string;
  deletedAt: number | null;
  /** The patient whose deletion took it along, when it was not deleted on its own. */
  cascadeOf: string | null;
  removed: boolean;
}

/** What the API must answer: a status, and for errors the code (and an expiry where one is due). */
export interface Expected {
  status: number;
  code?: string;
  expiresAt?: number | null;
  deleted?: { patients: number; entries: number; images: number };
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** Calendar months in UTC; a day that does not exist in the target month becomes its last day. */
export function addMonthsUtc(ms: number, months: number): number {
  const d = new Date(ms);
  const month = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
  return Date.UTC(
    year,
    m,
    Math.min(d.getUTCDate(), last),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

export class LifecycleModel {
  policy: Policy = 'recoverable';
  retentionMonths = 120;
  records: ModelRecord[] = [];

  constructor(public now: number) {}

  of(kind: Kind) {
    return this.records.filter((r) => r.kind === kind);
  }

  find(id: string) {
    return this.records.find((r) => r.id === id);
  }

  expiry(r: ModelRecord, months = this.retentionMonths): number | null {
    return r.deletedAt === null ? null : addMonthsUtc(r.deletedAt, months);
  }

  expired(r: ModelRecord, months = this.retentionMonths): boolean {
    const e = this.expiry(r, months);
    return e !== null && e <= this.now;
  }

  state(r: ModelRecord): State {
    if (r.removed) return 'gone';
    return r.deletedAt === null ? 'active' : 'deleted';
  }

  /** Active entries and images of a patient: what its counts show. */
  counts(patientId: string) {
    const active = (kind: Kind) =>
      this.records.filter((r) => r.kind === kind && r.patientId === patientId && this.state(r) === 'active');
    return { entryCount: active('entry').length, imageCount: active('image').length };
  }

  /** A new patient is refused while an active patient holds the same unique ID. */
  createPatient(uniqueId: string): Expected {
    const holder = this.of('patient').find((p) => p.uniqueId === uniqueId && this.state(p) === 'active');
    return holder ? { status: 409, code: 'unique_id_taken' } : { status: 201 };
  }

  add(kind: Kind, id: string, patientId: string, uniqueId = '') {
    this.records.push({ kind, id, patientId, uniqueId, deletedAt: null, cascadeOf: null, removed: false });
  }

  private refusalToTouch(r: ModelRecord | undefined): Expected | undefined {
    if (!r || r.removed) return { status: 404, code: 'not_found' };
    if (r.deletedAt !== null) return { status: 410, code: 'deleted', expiresAt: this.expiry(r) };
    return undefined;
  }

  /** Deleting a patient takes its active entries and images along (a cascade rooted at it). */
  deletePatient(id: string): Expected {
    const p = this.find(id);
    const refused = this.refusalToTouch(p);
    if (refused || !p) return refused ?? { status: 404 };
    const compartment = this.records.filter((r) => r.kind !== 'patient' && r.patientId === id && !r.removed);
    const taken = compartment.filter((r) => r.deletedAt === null);
    const deleted = {
      patients: 1,
      entries: taken.filter((r) => r.kind === 'entry').length,
      images: taken.filter((r) => r.kind === 'image').length,
    };
    if (this.policy === 'permanent') {
      for (const r of [p, ...compartment]) r.removed = true;
      return { status: 200, deleted, expiresAt: null };
    }
    for (const r of taken) {
      r.deletedAt = this.now;
      r.cascadeOf = id;
    }
    p.deletedAt = this.now;
    p.cascadeOf = null;
    return { status: 200, deleted, expiresAt: this.expiry(p) };
  }

  /** An entry or image deleted on its own (its patient is active, or it would be deleted already). */
  deleteItem(id: string): Expected {
    const r = this.find(id);
    const refused = this.refusalToTouch(r);
    if (refused || !r) return refused ?? { status: 404 };
    if (this.policy === 'permanent') {
      r.removed = true;
      return { status: 200, expiresAt: null };
    }
    r.deletedAt = this.now;
    r.cascadeOf = null;
    return { status: 200, expiresAt: this.expiry(r) };
  }

  private refusalToRestore(r: ModelRecord | undefined): Expected | undefined {
    if (!r || r.removed) return { status: 404, code: 'not_found' };
    if (r.deletedAt === null) return { status: 409, code: 'not_deleted' };
    if (this.expired(r)) return { status: 410, code: 'expired', expiresAt: this.expiry(r) };
    return undefined;
  }

  /** Recovery brings back exactly the patient's cascade; refused while its unique ID is taken. */
  restorePatient(id: string): Expected {
    const p = this.find(id);
    const refused = this.refusalToRestore(p);
    if (refused || !p) return refused ?? { status: 404 };
    const holder = this.of('patient').find(
      (o) => o.id !== id && o.uniqueId === p.uniqueId && this.state(o) === 'active',
    );
    if (holder) return { status: 409, code: 'unique_id_taken' };
    for (const r of this.records) {
      if (r.id === id || (r.cascadeOf === id && !r.removed && r.deletedAt !== null)) {
        r.deletedAt = null;
        r.cascadeOf = null;
      }
    }
    return { status: 200 };
  }

  /** An entry or image is recovered only while its patient is active. */
  restoreItem(id: string): Expected {
    const r = this.find(id);
    const refused = this.refusalToRestore(r);
    if (refused || !r) return refused ?? { status: 404 };
    const patient = this.find(r.patientId);
    if (!patient || this.state(patient) !== 'active') return { status: 409, code: 'parent_deleted' };
    r.deletedAt = null;
    r.cascadeOf = null;
    return { status: 200 };
  }

  /** How many records a retention of `months` would expire now (what a reduction asks to confirm). */
  wouldExpire(months: number): number {
    return this.records.filter((r) => !r.removed && this.expired(r, months)).length;
  }

  /** The cleanup, and a confirmed reduction: every expired record goes, a patient with its compartment. */
  removeExpired() {
    for (const p of this.of('patient')) {
      if (p.removed || !this.expired(p)) continue;
      for (const r of this.records) if (r.patientId === p.id) r.removed = true;
    }
    for (const r of this.records) if (!r.removed && this.expired(r)) r.removed = true;
  }

  /** Expunge (super administrator): the record, and for a patient its whole compartment, at once. */
  expunge(id: string): Expected {
    const r = this.find(id);
    if (!r || r.removed) return { status: 404, code: 'not_found' };
    for (const o of this.records)
      if (o.id === id || (r.kind === 'patient' && o.patientId === id)) o.removed = true;
    return { status: 200 };
  }
}
