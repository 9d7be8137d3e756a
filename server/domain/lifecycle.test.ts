import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deletionWhy,
  expiredDeletionBound,
  expiryOf,
  isExpired,
  POLICY_EFFECTS,
  REMOVING,
  recoverableUntil,
  restoredWithPatient,
  restoreRefusal,
} from './lifecycle.ts';

const d = (s: string) => new Date(s);

describe('deletion reasons', () => {
  it('are required for a patient and default to other for every other record', () => {
    expect(deletionWhy('patient', {})).toBeUndefined();
    expect(deletionWhy('patient', { note: 'a note alone is not a reason' })).toBeUndefined();
    for (const record of ['entry', 'image', 'lesion', 'user'] as const) {
      expect(deletionWhy(record, {})).toEqual({ reason: 'other', note: null });
    }
    expect(deletionWhy('patient', { reason: 'duplicate', note: '  merged into P-2 ' })).toEqual({
      reason: 'duplicate',
      note: 'merged into P-2',
    });
    expect(deletionWhy('image', { reason: 'wrong_patient', note: '   ' })).toEqual({
      reason: 'wrong_patient',
      note: null,
    });
  });
});

describe('deletion policies', () => {
  it('follow the table of PRODUCT.md §6', () => {
    expect(POLICY_EFFECTS.recoverable).toEqual({
      keepsData: true,
      keepsActivityLog: true,
      recoverable: true,
    });
    expect(POLICY_EFFECTS.standard).toEqual({ keepsData: true, keepsActivityLog: false, recoverable: true });
    expect(POLICY_EFFECTS.permanent).toEqual({
      keepsData: false,
      keepsActivityLog: false,
      recoverable: false,
    });
  });
});

describe('expiry', () => {
  it('is the deletion time plus the retention period, recomputed when the period changes', () => {
    const deletedAt = d('2026-01-01T00:00:00Z');
    expect(expiryOf(deletedAt, 120).toISOString()).toBe('2036-01-01T00:00:00.000Z');
    expect(expiryOf(deletedAt, 6).toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });
  it('is none while the record is under legal hold, and the same formula again once released', () => {
    const deletedAt = d('2026-01-01T00:00:00Z');
    expect(expiryOf(deletedAt, 6, true)).toBeNull();
    expect(expiryOf(deletedAt, 6, false)?.toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(isExpired(deletedAt, 6, d('2040-01-01T00:00:00Z'), true)).toBe(false);
    expect(isExpired(deletedAt, 6, d('2040-01-01T00:00:00Z'), false)).toBe(true);
    const at = { now: d('2040-01-01T00:00:00Z'), retentionMonths: 6, parentActive: true };
    expect(restoreRefusal({ deletedAt }, { ...at, held: true })).toBeUndefined();
    expect(restoreRefusal({ deletedAt }, at)).toBe('expired');
    // A removal that began is final, hold or not.
    expect(restoreRefusal({ deletedAt, deletionKind: REMOVING }, { ...at, held: true })).toBe('expired');
  });
  it('has passed from the expiry instant on', () => {
    const deletedAt = d('2026-01-01T00:00:00Z');
    expect(isExpired(deletedAt, 6, d('2026-06-30T23:59:59Z'))).toBe(false);
    expect(isExpired(deletedAt, 6, d('2026-07-01T00:00:00Z'))).toBe(true);
    expect(isExpired(deletedAt, 120, d('2026-07-02T00:00:00Z'))).toBe(false);
  });
});

describe('what recovering a patient restores', () => {
  const item = (id: string, kind: string | null, root: string | null, deleted = true) => ({
    id,
    deletedAt: deleted ? d('2026-01-01T00:00:00Z') : null,
    deletionKind: kind,
    deletionRootId: root,
  });
  it('is exactly its own cascade', () => {
    const items = [
      item('a', 'cascade', 'p1'),
      item('b', 'individual', 'b'),
      item('c', 'cascade', 'p2'),
      item('d', null, null, false),
      item('e', 'cascade', 'p1'),
    ];
    expect(restoredWithPatient('p1', items).map((i) => i.id)).toEqual(['a', 'e']);
  });
});

describe('restore refusals', () => {
  const now = d('2026-03-01T00:00:00Z');
  const deleted = { deletedAt: d('2026-02-01T00:00:00Z') };
  it('refuses what is not deleted', () => {
    expect(restoreRefusal({ deletedAt: null }, { now, retentionMonths: 12, parentActive: true })).toBe(
      'not_deleted',
    );
  });
  it('refuses what has expired, even before any cleanup', () => {
    expect(restoreRefusal(deleted, { now, retentionMonths: 1, parentActive: true })).toBe('expired');
  });
  it('refuses while the patient is deleted', () => {
    expect(restoreRefusal(deleted, { now, retentionMonths: 12, parentActive: false })).toBe('parent_deleted');
  });
  it('allows the rest', () => {
    expect(restoreRefusal(deleted, { now, retentionMonths: 12, parentActive: true })).toBeUndefined();
  });
});

describe('a record whose removal has begun', () => {
  const removing = { deletedAt: d('2026-01-01T00:00:00Z'), deletionKind: REMOVING };
  const now = d('2026-02-01T00:00:00Z');
  it('is never recovered, even before its expiry', () => {
    expect(restoreRefusal(removing, { now, retentionMonths: 120, parentActive: true })).toBe('expired');
  });
  it('stopped being recoverable now, or at its expiry if that came first', () => {
    expect(recoverableUntil(removing, 120, now)).toEqual(now);
    expect(recoverableUntil(removing, 1, d('2027-01-01T00:00:00Z'))).toEqual(d('2026-02-01T00:00:00Z'));
  });
});

describe('expiredDeletionBound', () => {
  it('is at or after the deletion time of every expired record (month ends and leap days included)', () => {
    const day = 86_400_000;
    const deletion = fc.oneof(
      fc.date({ min: d('1990-01-01T00:00:00Z'), max: d('2100-12-31T23:59:59Z'), noInvalidDate: true }),
      // The last days of months, where adding months clamps.
      fc
        .record({
          y: fc.integer({ min: 1990, max: 2100 }),
          m: fc.integer({ min: 0, max: 11 }),
          back: fc.nat(3),
        })
        .chain(({ y, m, back }) =>
          fc.integer({ min: 0, max: day - 1 }).map((ms) => new Date(Date.UTC(y, m + 1, 0 - back) + ms)),
        ),
    );
    fc.assert(
      fc.property(
        deletion,
        fc.integer({ min: 1, max: 1200 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 * day })),
        (deletedAt, months, after) => {
          const now = new Date(expiryOf(deletedAt, months).getTime() + after);
          expect(deletedAt.getTime()).toBeLessThanOrEqual(expiredDeletionBound(months, now).getTime());
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
