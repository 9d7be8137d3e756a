import { describe, expect, it } from 'vitest';
import { burstAuditFields, EDIT_BURST_MS, joinsBurst } from './edit-burst.ts';

const t0 = new Date('2026-03-01T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const newest = { operation: 'update', changedBy: 'ann', changedAt: t0 };

describe('joinsBurst', () => {
  it('joins the same person’s change made within the window', () => {
    expect(joinsBurst(newest, 'ann', at(1000))).toBe(true);
    expect(joinsBurst(newest, 'ann', at(EDIT_BURST_MS - 1))).toBe(true);
  });
  it('starts a new version after a pause, for someone else, or after anything but a change', () => {
    expect(joinsBurst(newest, 'ann', at(EDIT_BURST_MS))).toBe(false);
    expect(joinsBurst(newest, 'bob', at(1000))).toBe(false);
    expect(joinsBurst({ ...newest, operation: 'create' }, 'ann', at(1000))).toBe(false);
    expect(joinsBurst({ ...newest, operation: 'restore' }, 'ann', at(1000))).toBe(false);
    expect(joinsBurst(undefined, 'ann', at(1000))).toBe(false);
    expect(joinsBurst({ ...newest, changedBy: null }, null, at(1000))).toBe(false);
  });
  it('never joins a version stamped after now (a clock moved back)', () => {
    expect(joinsBurst(newest, 'ann', at(-1000))).toBe(false);
  });
});

describe('burstAuditFields', () => {
  it('asks for an event only when the burst changes a field its newest event does not name', () => {
    expect(burstAuditFields(['notes'], ['notes'])).toBeNull();
    expect(burstAuditFields(['tagIds', 'notes'], ['notes'])).toEqual(['notes', 'tagIds']);
    expect(burstAuditFields(['notes'], undefined)).toEqual(['notes']);
  });
});
