import { Button, Group, Paper, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { SEX_VALUES } from '../../../shared/schemas/patients.ts';
import { ApiError, patch } from '../api/client.ts';
import type { Patient } from '../api/types.ts';
import { DateOfBirthField } from './DateOfBirthField.tsx';
import { TagPicker } from './Tags.tsx';

const TEXT_FIELDS = [
  ['uniqueId', 'Unique ID'],
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['email', 'E-mail'],
  ['phone', 'Phone'],
] as const;
type Field = (typeof TEXT_FIELDS)[number][0] | 'dateOfBirth' | 'sex' | 'address' | 'note';
type Values = Record<Field, string> & { tagIds: string[] };

const valuesOf = (p: Patient): Values => ({
  uniqueId: p.uniqueId,
  firstName: p.firstName ?? '',
  lastName: p.lastName ?? '',
  dateOfBirth: p.dateOfBirth ?? '',
  email: p.email ?? '',
  phone: p.phone ?? '',
  sex: p.sex ?? '',
  address: p.address ?? '',
  note: p.note ?? '',
  tagIds: p.tagIds,
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The patient's fields: each changed field says so until it is saved or discarded. */
export function PatientFieldsForm({ patient }: { patient: Patient }) {
  const client = useQueryClient();
  const saved = valuesOf(patient);
  const [values, setValues] = useState<Values>(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // A newer version from the server replaces what is shown unless the user is editing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new version resets the form
  useEffect(() => setValues(valuesOf(patient)), [patient.version]);

  const dirty = (Object.keys(saved) as (keyof Values)[]).filter((k) => !same(values[k], saved[k]));
  const mark = (k: keyof Values) => (dirty.includes(k) ? 'Unsaved change' : undefined);
  const set = (k: keyof Values, v: string | string[]) => setValues((old) => ({ ...old, [k]: v }));

  async function save() {
    setBusy(true);
    setErrors({});
    const body: Record<string, unknown> = {};
    for (const k of dirty) {
      const v = values[k];
      body[k] = Array.isArray(v) || k === 'uniqueId' ? v : v.trim() === '' ? null : v;
    }
    try {
      const next = await patch<Patient>(`/api/patients/${patient.id}`, body, {
        'if-match': `W/"${patient.version}"`,
      });
      client.setQueryData(['patient', patient.id], next);
      await client.invalidateQueries({ queryKey: ['patient-activity', patient.id] });
      notifications.show({ color: 'vellum', message: 'Patient saved.' });
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.code === 'unique_id_taken' ? { uniqueId: err.message } : err.fields);
        notifications.show({
          color: 'red',
          title: 'Not saved',
          message:
            err.status === 412
              ? 'Someone else changed this patient meanwhile. Discard to see their version.'
              : err.message,
        });
        if (err.status === 412) await client.invalidateQueries({ queryKey: ['patient', patient.id] });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md">
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {TEXT_FIELDS.map(([k, label]) => (
            <TextInput
              key={k}
              label={label}
              value={values[k]}
              description={mark(k)}
              error={errors[k]}
              data-dirty={dirty.includes(k) || undefined}
              onChange={(e) => set(k, e.currentTarget.value)}
            />
          ))}
          <DateOfBirthField
            value={values.dateOfBirth}
            onChange={(day) => set('dateOfBirth', day)}
            description={mark('dateOfBirth')}
            error={errors.dateOfBirth}
          />
          <Select
            label="Sex"
            clearable
            data={SEX_VALUES.map((s) => ({ value: s, label: s[0]?.toUpperCase() + s.slice(1) }))}
            value={values.sex || null}
            description={mark('sex')}
            error={errors.sex}
            onChange={(v) => set('sex', v ?? '')}
          />
          <TagPicker label="Patient tags" value={values.tagIds} onChange={(ids) => set('tagIds', ids)} />
        </SimpleGrid>
        <Textarea
          label="Address"
          autosize
          minRows={2}
          value={values.address}
          description={mark('address')}
          error={errors.address}
          onChange={(e) => set('address', e.currentTarget.value)}
        />
        <Textarea
          label="Note"
          autosize
          minRows={2}
          value={values.note}
          description={mark('note')}
          error={errors.note}
          onChange={(e) => set('note', e.currentTarget.value)}
        />
        {dirty.includes('tagIds') && (
          <span style={{ fontSize: 12, color: 'var(--mantine-color-dimmed)' }}>Tags: unsaved change</span>
        )}
        <Group justify="flex-end">
          <Button variant="default" disabled={dirty.length === 0} onClick={() => setValues(saved)}>
            Discard changes
          </Button>
          <Button disabled={dirty.length === 0} loading={busy} onClick={save}>
            Save{dirty.length ? ` (${dirty.length})` : ''}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
