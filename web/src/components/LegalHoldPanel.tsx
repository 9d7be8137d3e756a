import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, del, post } from '../api/client.ts';
import type { Patient } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';

/**
 * The patient's legal hold (PRODUCT.md §6): shown to everyone while placed; account admins place it
 * with a reason and release it. While held nothing of the patient can be deleted.
 */
export function LegalHoldPanel({ patient, canHold }: { patient: Patient; canHold: boolean }) {
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
      notifications.show({ message: 'Legal hold placed.' });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const release = async () => {
    try {
      refresh(await del<Patient>(`/api/patients/${patient.id}/hold`));
      notifications.show({ message: 'Legal hold released.' });
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : String(e) });
    }
  };
  const hold = patient.hold;
  return (
    <>
      {hold && (
        <Alert color="orange" title="Legal hold" data-testid="legal-hold">
          <Group justify="space-between" align="flex-start">
            <Text size="sm">
              {hold.reason} (placed {fmtDateTime(hold.placedAt)}). Nothing of this patient can be deleted
              while the hold lasts.
            </Text>
            {canHold && (
              <Button size="xs" variant="light" color="orange" onClick={release}>
                Release hold
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {!hold && canHold && (
        <Group>
          <Button size="xs" variant="default" onClick={placeCtl.open}>
            Place legal hold
          </Button>
        </Group>
      )}
      <Modal opened={placing} onClose={placeCtl.close} title={`Place a legal hold on ${patient.uniqueId}`}>
        <Stack>
          <Text size="sm">
            While held, the patient and its entries and images cannot be deleted, and what is already deleted
            is kept until the hold is released.
          </Text>
          <Textarea
            label="Reason"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error}
            maxLength={500}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={placeCtl.close}>
              Cancel
            </Button>
            <Button color="orange" onClick={place} loading={busy} disabled={reason.trim() === ''}>
              Place hold
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
