import { DateInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { fmtDate } from '../format.ts';

/**
 * Date of birth with a calendar (opened at the decade) or typed as YYYY-MM-DD; shown in the
 * deployment's date format, kept as the calendar day YYYY-MM-DD.
 */
export function DateOfBirthField({
  value,
  onChange,
  description,
  error,
}: {
  value: string;
  onChange: (day: string) => void;
  description?: string;
  error?: string;
}) {
  return (
    <DateInput
      label="Date of birth"
      placeholder="Pick a date or type YYYY-MM-DD"
      value={value || null}
      onChange={(day) => onChange(day ?? '')}
      valueFormat={(day) => fmtDate(day)}
      defaultLevel={value ? 'month' : 'decade'}
      minDate="1900-01-01"
      maxDate={dayjs().format('YYYY-MM-DD')}
      clearable
      description={description}
      error={error}
      data-dirty={description ? true : undefined}
      clearButtonProps={{ 'aria-label': 'Clear date of birth' }}
      nextLabel="Next"
      previousLabel="Previous"
    />
  );
}
