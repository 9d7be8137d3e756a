import { Alert, Button, Group, Modal, Skeleton, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get } from '../api/client.ts';
import type { List, Patient, Tag } from '../api/types.ts';
import { plural } from '../format.ts';

/** Deleting a tag says how many patients carry it (themselves or through an entry or image) first. */
export function DeleteTagModal({
  tag,
  onClose,
  onDeleted,
}: {
  tag: Tag | null;
  onClose: () => void;
  onDeleted: () => Promise<void>;
}) {
  const [error, setError] = useState<string | null>(null);
  const usage = useQuery({
    queryKey: ['tag-usage', tag?.id],
    queryFn: () => get<List<Patient>>('/api/patients', { tags: tag?.id, pageSize: 1 }),
    enabled: Boolean(tag),
  });
  const holders = usage.data?.total;
  return (
    <Modal
      opened={Boolean(tag)}
      onClose={onClose}
      title={tag ? `Delete tag ${tag.name}` : ''}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {tag && (
        <>
          {holders === undefined ? (
            <Skeleton h={40} aria-label="Counting the patients with this tag" />
          ) : (
            <Text size="sm" data-testid="tag-usage">
              {holders === 0
                ? `No patient carries “${tag.name}” (${tag.categoryName}). Deleting it changes no record.`
                : `“${tag.name}” (${tag.categoryName}) is on ${plural(holders, 'patient', 'patients')}, on the patient or on their entries or images. Deleting it takes it off all of them; the records stay.`}
            </Text>
          )}
          {error && (
            <Alert color="red" mt="sm" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              color="red.8"
              onClick={async () => {
                try {
                  await del(`/api/tags/${tag.id}`);
                  notifications.show({ message: `Tag ${tag.name} deleted.` });
                  setError(null);
                  onClose();
                  await onDeleted();
                } catch (err) {
                  setError(err instanceof Error ? err.message : String(err));
                }
              }}
            >
              Delete tag
            </Button>
          </Group>
        </>
      )}
    </Modal>
  );
}
