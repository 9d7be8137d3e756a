import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { del } from '../api/client.ts';
import { useSettings } from '../api/queries.ts';
import type { DeletionResult } from '../api/types.ts';
import { DeletionReasonFields, useDeletionWhy } from './DeletionReason.tsx';

type Kind = 'entry' | 'image';

/** What deleting one entry or image does under each policy, said before the click. */
const CONSEQUENCE = {
  recoverable: (_kind: Kind, period: string) =>
    `It moves to the patient's Deleted Items with its activity and can be recovered there for ${period}.`,
  standard: (_kind: Kind, period: string) =>
    `It moves to the patient's Deleted Items and can be recovered there for ${period}; its activity log is removed now, keeping one deletion event.`,
  permanent: (kind: Kind, _period: string) =>
    `The deployment deletes permanently: the ${kind}, its history${kind === 'image' ? ' and its files' : ''} are removed at once and cannot be recovered.`,
} as const;

/** What deleting a patient does under each policy, said before the phrase is typed. */
export const PATIENT_CONSEQUENCE = {
  recoverable: (period: string) =>
    `It moves to Deleted records with its activity and can be recovered there for ${period}.`,
  standard: (period: string) =>
    `It moves to Deleted records and can be recovered there for ${period}; its activity log is removed now, keeping one deletion event.`,
  permanent: (_period: string) =>
    'The deployment deletes permanently: the patient, its entries, images, files and history are removed at once and cannot be recovered.',
} as const;

/** What stays: an entry's workspace images (counted, in correct plurals) stay in the pool. */
function afterword(kind: Kind, workspaceImages?: number): string {
  if (kind === 'image') return 'It also leaves the workspaces and comparisons of the entries that show it.';
  if (workspaceImages === undefined) return "The images of its workspace stay in the patient's image pool.";
  if (workspaceImages === 0) return 'Its workspace holds no images.';
  return workspaceImages === 1
    ? "The image of its workspace stays in the patient's image pool."
    : `The ${workspaceImages} images of its workspace stay in the patient's image pool.`;
}

/**
 * Deleting one entry or image: no phrase (the product asks one only for a patient), but a
 * confirmation that says what the deployment's deletion policy will do with it.
 */
export function DeleteItemModal({
  kind,
  id,
  title,
  opened,
  onClose,
  onDeleted,
  workspaceImages,
}: {
  kind: Kind;
  id: string;
  title: string;
  opened: boolean;
  onClose: () => void;
  onDeleted: (result: DeletionResult) => void;
  /** An entry's workspace images, for the dialog to say that they stay. */
  workspaceImages?: number;
}) {
  const settings = useSettings();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const deletion = useDeletionWhy();
  const s = settings.data;
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const path = `/api/${kind === 'entry' ? 'entries' : 'images'}/${id}`;
      onDeleted(await del<DeletionResult>(path, deletion.body));
      deletion.reset();
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
        {s?.deletionPolicy === 'permanent' && (
          <Alert color="red" title="This cannot be undone" data-testid="permanent-warning">
            Nothing of this {kind} can be recovered afterwards.
          </Alert>
        )}
        <Text size="sm">
          {s ? CONSEQUENCE[s.deletionPolicy](kind, s.retentionText) : 'Reading the deletion policy…'}{' '}
          {afterword(kind, workspaceImages)}
        </Text>
        <DeletionReasonFields value={deletion.why} onChange={deletion.setWhy} required={false} />
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
            Delete {kind}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
