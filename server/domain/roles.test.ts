import { describe, expect, it } from 'vitest';
import { can } from './roles.ts';

describe('role capabilities', () => {
  it('keeps super administrators out of clinical records', () => {
    expect(can('super-admin', 'patients.read')).toBe(false);
    expect(can('super-admin', 'settings.change')).toBe(true);
  });
  it('lets account admins manage users and tags, and clinicians neither', () => {
    expect(can('admin', 'users.manage')).toBe(true);
    expect(can('admin', 'tags.manage')).toBe(true);
    expect(can('clinician', 'users.manage')).toBe(false);
    expect(can('clinician', 'tags.manage')).toBe(false);
  });
  it('lets assistants create and edit patients but not change settings', () => {
    expect(can('assistant', 'patients.write')).toBe(true);
    expect(can('assistant', 'settings.change')).toBe(false);
  });
  it('lets clinicians and admins delete, recover and see deleted records; assistants and super admins not', () => {
    for (const capability of ['records.delete', 'records.restore', 'deleted.read'] as const) {
      expect(can('clinician', capability)).toBe(true);
      expect(can('admin', capability)).toBe(true);
      expect(can('assistant', capability)).toBe(false);
      expect(can('super-admin', capability)).toBe(false);
    }
  });
  it('lets only super administrators expunge', () => {
    expect(can('super-admin', 'records.expunge')).toBe(true);
    for (const role of ['admin', 'clinician', 'assistant'] as const)
      expect(can(role, 'records.expunge')).toBe(false);
  });
});
