import { describe, expect, it } from 'vitest';
import { blankToNull, dateOfBirthProblem } from './patient-fields.ts';

describe('patient fields', () => {
  it('stores blank optional text as null', () => {
    expect(blankToNull({ firstName: '  ', lastName: 'Smith', note: '' })).toEqual({
      firstName: null,
      lastName: 'Smith',
      note: null,
    });
  });
  it('refuses a date of birth after today', () => {
    const today = new Date('2026-05-10T12:00:00Z');
    expect(dateOfBirthProblem('2026-05-10', today)).toBeUndefined();
    expect(dateOfBirthProblem('2026-05-11', today)).toMatch(/future/);
    expect(dateOfBirthProblem('1800-01-01', today)).toMatch(/past/);
    expect(dateOfBirthProblem(null, today)).toBeUndefined();
  });
});
