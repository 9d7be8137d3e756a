import { Button, Group, Paper, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SEX_VALUES } from '../../../shared/schemas/patients.ts';
import { ApiError, patch } from '../api/client.ts';
import type { Patient } from '../api/types.ts';
import { DateOfBirthField } from './DateOfBirthField.tsx';
import { TagPicker } from './Tags.tsx';

// Their labels are patient:fields.<name>.
const TEXT_FIELDS = ['uniqueId', 'firstName', 'lastName', 'email', 'phone'] as const;
type Field = (typeof TEXT_FIELDS)[number] | 'dateOfBirth' | 'sex' | 'address' | 'note';
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
  const { t } = useTranslation('patient');
  const client = useQueryClient();
  const saved = valuesOf(patient);
  const [values, setValues] = useState<Values>(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // A newer version from the server replaces what is shown unless the user is editing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new version resets the form
  useEffect(() => setValues(valuesOf(patient)), [patient.version]);

  const dirty = (Object.keys(saved) as (keyof Values)[]).filter((k) => !same(values[k], saved[k]));
  const mark = (k: keyof Values) => (dirty.includes(k) ? t('form.unsaved') : undefined);
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
      notifications.show({ color: 'vellum', message: t('form.saved') });
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.code === 'unique_id_taken' ? { uniqueId: err.message } : err.fields);
        notifications.show({
          color: 'red',
          title: t('form.notSaved'),
          message: err.status === 412 ? t('form.changedMeanwhile') : err.message,
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
          {TEXT_FIELDS.map((k) => (
            <TextInput
              key={k}
              label={t(`fields.${k}`)}
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
            label={t('fields.sex')}
            clearable
            data={SEX_VALUES.map((s) => ({ value: s, label: t(`sex.${s}`) }))}
            value={values.sex || null}
            description={mark('sex')}
            error={errors.sex}
            onChange={(v) => set('sex', v ?? '')}
          />
          <TagPicker label={t('fields.tags')} value={values.tagIds} onChange={(ids) => set('tagIds', ids)} />
        </SimpleGrid>
        <Textarea
          label={t('fields.address')}
          autosize
          minRows={2}
          value={values.address}
          description={mark('address')}
          error={errors.address}
          onChange={(e) => set('address', e.currentTarget.value)}
        />
        <Textarea
          label={t('fields.note')}
          autosize
          minRows={2}
          value={values.note}
          description={mark('note')}
          error={errors.note}
          onChange={(e) => set('note', e.currentTarget.value)}
        />
        {dirty.includes('tagIds') && (
          <span style={{ fontSize: 12, color: 'var(--mantine-color-dimmed)' }}>{t('form.tagsUnsaved')}</span>
        )}
        <Group justify="flex-end">
          <Button variant="default" disabled={dirty.length === 0} onClick={() => setValues(saved)}>
            {t('form.discard')}
          </Button>
          <Button disabled={dirty.length === 0} loading={busy} onClick={save}>
            {dirty.length ? t('form.saveCount', { count: dirty.length }) : t('common:save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
