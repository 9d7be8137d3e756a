import { describe, expect, it } from 'vitest';
import { changedFields, sameValue } from './version-changes.ts';

describe('changedFields', () => {
  it('has nothing to compare for a first version', () => {
    expect(changedFields(undefined, { firstName: 'Ann' })).toEqual([]);
  });

  it('lists each changed field with its old and new value, in the newer order', () => {
    const v1 = { id: 'p', version: 1, uniqueId: 'a-1', firstName: 'Ann', lastName: null, note: 'x' };
    const v2 = { id: 'p', version: 2, uniqueId: 'a-1', firstName: 'Anne', lastName: 'Smith', note: 'x' };
    expect(changedFields(v1, v2)).toEqual([
      { field: 'firstName', before: 'Ann', after: 'Anne' },
      { field: 'lastName', before: null, after: 'Smith' },
    ]);
  });

  it('leaves out what the server moves on every change', () => {
    const a = { id: 'p', version: 1, lastModifiedAt: '2026-01-01T09:00:00Z', createdAt: 'c', caption: '' };
    const b = { id: 'p', version: 2, lastModifiedAt: '2026-01-01T09:01:00Z', createdAt: 'c', caption: '' };
    expect(changedFields(a, b)).toEqual([]);
  });

  it('treats a field one side lacks as null', () => {
    expect(changedFields({ sex: null }, {})).toEqual([]);
    expect(changedFields({ sex: 'female' }, {})).toEqual([{ field: 'sex', before: 'female', after: null }]);
    expect(changedFields({}, { phone: '+41' })).toEqual([{ field: 'phone', before: null, after: '+41' }]);
  });

  it('compares lists and nested objects by value', () => {
    const a = { tagIds: ['t1', 't2'], comparisons: [{ id: 'c', name: 'Before', imageIds: ['i1', 'i2'] }] };
    const same = { tagIds: ['t1', 't2'], comparisons: [{ name: 'Before', imageIds: ['i1', 'i2'], id: 'c' }] };
    expect(changedFields(a, same)).toEqual([]);
    const moved = { ...a, comparisons: [{ id: 'c', name: 'Before', imageIds: ['i2', 'i1'] }] };
    expect(changedFields(a, moved).map((c) => c.field)).toEqual(['comparisons']);
    expect(changedFields(a, { ...a, tagIds: ['t1'] }).map((c) => c.field)).toEqual(['tagIds']);
  });
});

describe('sameValue', () => {
  it('tells arrays from objects and values from null', () => {
    expect(sameValue([], {})).toBe(false);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue('', null)).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: null })).toBe(true);
  });
});
