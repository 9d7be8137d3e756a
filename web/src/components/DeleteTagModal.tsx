import { Alert, Button, Group, Modal, Skeleton, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get } from '../api/client.ts';
import type { List, Patient, Tag } from '../api/types.ts';

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
  const { t } = useTranslation('tags');
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
      title={tag ? t('delete.title', { name: tag.name }) : ''}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {tag && (
        <>
          {holders === undefined ? (
            <Skeleton h={40} aria-label={t('delete.counting')} />
          ) : (
            <Text size="sm" data-testid="tag-usage">
              {holders === 0
                ? t('delete.unused', { name: tag.name, category: tag.categoryName })
                : t('delete.used', { name: tag.name, category: tag.categoryName, count: holders })}
            </Text>
          )}
          {error && (
            <Alert color="red" mt="sm" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <Button
              color="red.8"
              onClick={async () => {
                try {
                  await del(`/api/tags/${tag.id}`);
                  notifications.show({ message: t('delete.done', { name: tag.name }) });
                  setError(null);
                  onClose();
                  await onDeleted();
                } catch (err) {
                  setError(err instanceof Error ? err.message : String(err));
                }
              }}
            >
              {t('delete.confirm')}
            </Button>
          </Group>
        </>
      )}
    </Modal>
  );
}
