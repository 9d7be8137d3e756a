import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForeignChange } from '../api/live.ts';
import { dateStyle, fmtDateTime } from '../format.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

// The field shows and takes the wall-clock time of the deployment's zone, whatever the device's.
const local = (iso: string) => dayjs(iso).tz(dateStyle().timeZone).format('YYYY-MM-DDTHH:mm');
const parse = (text: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text)
    ? dayjs.tz(text, 'YYYY-MM-DDTHH:mm', dateStyle().timeZone)
    : dayjs('invalid');

/**
 * The appointment date and time. What is typed is kept as a draft and saved when the field is
 * left (or Enter), so half-typed dates are never saved. If someone else changes the appointment
 * meanwhile, the draft stays and the editor chooses which one the entry keeps.
 */
export function AppointmentField({
  value,
  changedBy,
  onCommit,
}: {
  value: string;
  changedBy: ForeignChange | undefined;
  onCommit: (iso: string) => void;
}) {
  const { t } = useTranslation('entry');
  const [draft, setDraft] = useState<{ text: string; base: string } | null>(null);
  const parsed = draft ? parse(draft.text) : null;
  const valid = Boolean(parsed?.isValid() && parsed.year() >= 1900 && parsed.year() <= 2200);
  const movedMeanwhile = draft !== null && draft.base !== value;
  const save = () => {
    if (draft && valid && parsed && draft.text !== local(value)) onCommit(parsed.toISOString());
    setDraft(null);
  };
  const commit = () => {
    if (!draft || movedMeanwhile || (!valid && draft.text !== '')) return;
    save();
  };
  return (
    <Stack gap={6} maw={520}>
      <TextInput
        type="datetime-local"
        label={t('appointment.label')}
        w={260}
        value={draft?.text ?? local(value)}
        onChange={(e) => {
          const text = e.currentTarget.value;
          setDraft((d) => ({ text, base: d?.base ?? value }));
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape' && !movedMeanwhile) setDraft(null);
        }}
        error={draft && !valid && draft.text !== '' ? t('appointment.incomplete') : undefined}
        description={
          draft && !movedMeanwhile
            ? t('appointment.savedOnLeave')
            : changedBy
              ? t('appointment.lastChangedBy', { name: changedBy.by })
              : t('appointment.inZone', { date: fmtDateTime(value), zone: dateStyle().timeZone })
        }
      />
      {movedMeanwhile && draft && (
        <Alert
          color="orange"
          role="alert"
          title={t('appointment.conflict', { name: changedBy?.by ?? t('conflicts.someoneElse') })}
          data-testid="appointment-conflict"
        >
          <Stack gap={6}>
            <Text size="sm">
              {t('appointment.both', {
                saved: fmtDateTime(value),
                yours: valid && parsed ? fmtDateTime(parsed.toISOString()) : draft.text,
              })}
            </Text>
            <Group gap="xs">
              <Button size="xs" disabled={!valid} onClick={save}>
                {t('appointment.saveMine')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setDraft(null)}>
                {t('appointment.keepTheirs')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
