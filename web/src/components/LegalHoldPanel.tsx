import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, del, post } from '../api/client.ts';
import type { Patient } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';

/**
 * The patient's legal hold (PRODUCT.md §6): shown to everyone while placed; account admins place it
 * with a reason and release it. While held nothing of the patient can be deleted.
 */
export function LegalHoldPanel({ patient, canHold }: { patient: Patient; canHold: boolean }) {
  const { t } = useTranslation('patient');
  const client = useQueryClient();
  const [placing, placeCtl] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = (p: Patient) => {
    client.setQueryData(['patient', p.id], p);
    void client.invalidateQueries({ queryKey: ['patients'] });
  };
  const place = async () => {
    setBusy(true);
    setError(null);
    try {
      refresh(await post<Patient>(`/api/patients/${patient.id}/hold`, { reason }));
      placeCtl.close();
      setReason('');
      notifications.show({ message: t('hold.placed') });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const release = async () => {
    try {
      refresh(await del<Patient>(`/api/patients/${patient.id}/hold`));
      notifications.show({ message: t('hold.released') });
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : String(e) });
    }
  };
  const hold = patient.hold;
  return (
    <>
      {hold && (
        <Alert color="orange" title={t('hold.title')} data-testid="legal-hold">
          <Group justify="space-between" align="flex-start">
            <Text size="sm">{t('hold.text', { reason: hold.reason, date: fmtDateTime(hold.placedAt) })}</Text>
            {canHold && (
              <Button size="xs" variant="light" color="orange" onClick={release}>
                {t('hold.release')}
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {!hold && canHold && (
        <Group>
          <Button size="xs" variant="default" onClick={placeCtl.open}>
            {t('hold.place')}
          </Button>
        </Group>
      )}
      <Modal
        opened={placing}
        onClose={placeCtl.close}
        title={t('hold.placeTitle', { uniqueId: patient.uniqueId })}
      >
        <Stack>
          <Text size="sm">{t('hold.explain')}</Text>
          <Textarea
            label={t('hold.reason')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error}
            maxLength={500}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={placeCtl.close}>
              {t('common:cancel')}
            </Button>
            <Button color="orange" onClick={place} loading={busy} disabled={reason.trim() === ''}>
              {t('hold.placeAction')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
