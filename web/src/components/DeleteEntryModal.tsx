import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { del } from '../api/client.ts';
import { useSettings } from '../api/queries.ts';
import type { DeletionResult } from '../api/types.ts';

/** What deleting one entry does under each policy, said before the click. */
const CONSEQUENCE = {
  recoverable: (period: string) =>
    `It moves to the patient's Deleted Items with its activity and can be recovered there for ${period}.`,
  standard: (period: string) =>
    `It moves to the patient's Deleted Items and can be recovered there for ${period}; its activity log is removed now, keeping one deletion event.`,
  permanent: () =>
    'The deployment deletes permanently: the entry and its history are removed at once and cannot be recovered.',
} as const;

/**
 * Deleting one entry: no phrase (the product asks one only for a patient), but a confirmation
 * that says what the deployment's deletion policy will do with it. Images stay in the pool.
 */
export function DeleteEntryModal({
  entryId,
  title,
  opened,
  onClose,
  onDeleted,
}: {
  entryId: string;
  title: string;
  opened: boolean;
  onClose: () => void;
  onDeleted: (result: DeletionResult) => void;
}) {
  const settings = useSettings();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const s = settings.data;
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      onDeleted(await del<DeletionResult>(`/api/entries/${entryId}`));
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not deleted.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Delete ${title}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack>
        <Text size="sm">
          {s ? CONSEQUENCE[s.deletionPolicy](s.retentionText) : 'Reading the deletion policy…'} The images of
          its workspace stay in the patient's image pool.
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red.8" onClick={confirm} loading={busy} disabled={!s}>
            Delete entry
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
