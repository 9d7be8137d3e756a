import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { useState } from 'react';
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
        label="Appointment"
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
        error={draft && !valid && draft.text !== '' ? 'Enter a full date and time.' : undefined}
        description={
          draft && !movedMeanwhile
            ? 'Saved when you leave the field'
            : changedBy
              ? `Last changed by ${changedBy.by}`
              : `${fmtDateTime(value)} (${dateStyle().timeZone})`
        }
      />
      {movedMeanwhile && draft && (
        <Alert
          color="orange"
          role="alert"
          title={`${changedBy?.by ?? 'Someone else'} changed the appointment while you were editing it`}
          data-testid="appointment-conflict"
        >
          <Stack gap={6}>
            <Text size="sm">
              Saved now: {fmtDateTime(value)}. Yours (not saved):{' '}
              {valid && parsed ? fmtDateTime(parsed.toISOString()) : draft.text}.
            </Text>
            <Group gap="xs">
              <Button size="xs" disabled={!valid} onClick={save}>
                Save my appointment
              </Button>
              <Button size="xs" variant="default" onClick={() => setDraft(null)}>
                Keep theirs
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
