import { describe, expect, it } from 'vitest';
import { parseDays, userManagementRefusal } from './user-management.ts';

const superAdmin = { userId: 's1', role: 'super-admin' as const, accountId: null };
const admin = { userId: 'a1', role: 'admin' as const, accountId: 'acc' };

describe('who may delete or recover a user', () => {
  it('lets a super administrator manage any user but itself', () => {
    expect(userManagementRefusal(superAdmin, { id: 'u', role: 'clinician', accountId: 'x' })).toBeUndefined();
    expect(
      userManagementRefusal(superAdmin, { id: 's2', role: 'super-admin', accountId: null }),
    ).toBeUndefined();
    expect(userManagementRefusal(superAdmin, { id: 's1', role: 'super-admin', accountId: null })).toBe(
      'self',
    );
  });
  it('lets an account admin manage its own account only, never itself nor a super administrator', () => {
    expect(userManagementRefusal(admin, { id: 'u', role: 'assistant', accountId: 'acc' })).toBeUndefined();
    expect(userManagementRefusal(admin, { id: 'a2', role: 'admin', accountId: 'acc' })).toBeUndefined();
    expect(userManagementRefusal(admin, { id: 'a1', role: 'admin', accountId: 'acc' })).toBe('self');
    expect(userManagementRefusal(admin, { id: 'u', role: 'clinician', accountId: 'other' })).toBe(
      'not_found',
    );
    expect(userManagementRefusal(admin, { id: 's1', role: 'super-admin', accountId: null })).toBe(
      'forbidden',
    );
  });
  it('refuses clinicians and assistants', () => {
    for (const role of ['clinician', 'assistant'] as const) {
      expect(
        userManagementRefusal(
          { userId: 'c', role, accountId: 'acc' },
          { id: 'u', role: 'assistant', accountId: 'acc' },
        ),
      ).toBe('forbidden');
    }
  });
});

describe('parseDays', () => {
  it('reads days and weeks', () => {
    expect(parseDays('30d')).toBe(30);
    expect(parseDays('30')).toBe(30);
    expect(parseDays('2w')).toBe(14);
    expect(parseDays('3 months')).toBeUndefined();
    expect(parseDays('-1d')).toBeUndefined();
  });
});
