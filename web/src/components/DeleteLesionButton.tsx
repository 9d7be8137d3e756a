import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { DELETION_REASONS, type DeletionReason } from '../../../shared/schemas/deletion-reason.ts';
import { del } from '../api/client.ts';
import { useSettings } from '../api/queries.ts';
import type { Lesion } from '../api/types.ts';

/**
 * Deleting a lesion (PRODUCT.md §6): a dialog that says what the deployment's policy does, asks
 * why (and a note), and whether its photos go too; then back to the patient.
 */
export function DeleteLesionButton({ lesion }: { lesion: Lesion }) {
  const { t } = useTranslation('lesionLifecycle');
  const settings = useSettings();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState<DeletionReason>('other');
  const [note, setNote] = useState('');
  const [deleteImages, setDeleteImages] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const s = settings.data;
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await del(`/api/lesions/${lesion.id}`, {
        reason,
        ...(note.trim() ? { reasonNote: note } : {}),
        deleteImages,
      });
      notifications.show({ color: 'vellum', message: t('delete.done', { label: lesion.label }) });
      await Promise.all(
        [
          ['lesions', lesion.patientId],
          ['patient', lesion.patientId],
          ['images', lesion.patientId],
          ['deleted-items', lesion.patientId],
        ].map((queryKey) => client.invalidateQueries({ queryKey })),
      );
      navigate(`/patients/${lesion.patientId}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : t('delete.failed'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button color="red" variant="light" onClick={() => setOpened(true)}>
        {t('delete.button')}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('delete.title', { label: lesion.label })}
        closeButtonProps={{ 'aria-label': t('delete.cancel') }}
      >
        <Stack>
          {s?.deletionPolicy === 'permanent' && (
            <Alert color="red" title={t('delete.permanentTitle')} data-testid="permanent-warning" />
          )}
          <Text size="sm">
            {s ? t(`delete.${s.deletionPolicy}`, { period: s.retentionText }) : t('delete.reading')}
          </Text>
          <Select
            label={t('delete.reason')}
            data={DELETION_REASONS.map((r) => ({ value: r, label: t(`reasons.${r}`) }))}
            value={reason}
            onChange={(v) => v && setReason(v as DeletionReason)}
            allowDeselect={false}
          />
          <Textarea
            label={t('delete.note')}
            value={note}
            maxLength={500}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Checkbox
            label={t('delete.alsoPhotos')}
            checked={deleteImages}
            onChange={(e) => setDeleteImages(e.currentTarget.checked)}
          />
          <Text size="sm" c="dimmed">
            {deleteImages ? t('delete.photosGo') : t('delete.photosKept')}
          </Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('delete.cancel')}
            </Button>
            <Button color="red.8" onClick={confirm} loading={busy} disabled={!s}>
              {t('delete.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
