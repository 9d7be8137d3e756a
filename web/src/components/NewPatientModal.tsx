import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, post } from '../api/client.ts';
import type { Patient } from '../api/types.ts';

/** The unique ID is the only required field; the rest is filled in on the patient page. */
export function NewPatientModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('patients');
  const navigate = useNavigate();
  const client = useQueryClient();
  const [uniqueId, setUniqueId] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFields({});
    try {
      const p = await post<Patient>('/api/patients', {
        uniqueId,
        ...(firstName ? { firstName } : {}),
        ...(lastName ? { lastName } : {}),
      });
      await client.invalidateQueries({ queryKey: ['patients'] });
      onClose();
      navigate(`/patients/${p.id}`);
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(
          err.code === 'unique_id_taken'
            ? { uniqueId: err.message }
            : { uniqueId: err.message, ...err.fields },
        );
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('new.title')}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label={t('columns.uniqueId')}
            description={t('new.uniqueIdHint')}
            required
            data-autofocus
            value={uniqueId}
            error={fields.uniqueId}
            onChange={(e) => setUniqueId(e.currentTarget.value)}
          />
          <TextInput
            label={t('new.firstName')}
            value={firstName}
            onChange={(e) => setFirstName(e.currentTarget.value)}
          />
          <TextInput
            label={t('new.lastName')}
            value={lastName}
            onChange={(e) => setLastName(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('new.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
