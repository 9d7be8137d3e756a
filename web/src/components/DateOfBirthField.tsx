import { DateInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('patient');
  return (
    <DateInput
      label={t('fields.dateOfBirth')}
      placeholder={t('dateOfBirth.placeholder')}
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
      clearButtonProps={{ 'aria-label': t('dateOfBirth.clear') }}
      nextLabel={t('dateOfBirth.next')}
      previousLabel={t('dateOfBirth.previous')}
    />
  );
}
