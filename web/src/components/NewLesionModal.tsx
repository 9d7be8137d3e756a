import { Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type BodyView, locateBodySite, regionCodes } from '../../../shared/body-map.ts';
import { ApiError, post } from '../api/client.ts';
import type { Lesion, LesionStatus } from '../api/types.ts';
import { LESION_STATUSES, regionName, statusLabel } from './lesion-words.ts';

/** Names the lesion placed at `point`: its finer site, label, status and diagnosis. */
export function NewLesionModal({
  patientId,
  point,
  onClose,
}: {
  patientId: string;
  point: { view: BodyView; x: number; y: number } | null;
  onClose: (created: boolean) => void;
}) {
  const client = useQueryClient();
  const { t } = useTranslation('lesions');
  const located = point ? locateBodySite(point.view, point.x, point.y) : null;
  const [code, setCode] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [status, setStatus] = useState<LesionStatus>('monitoring');
  const [diagnosis, setDiagnosis] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setCode(located?.suggested.code ?? null);
    setError(null);
  }, [located?.suggested.code]);

  const save = async () => {
    if (!point) return;
    setBusy(true);
    try {
      const lesion = await post<Lesion>(`/api/patients/${patientId}/lesions`, {
        site: { ...point, ...(code ? { code } : {}), ...(description ? { description } : {}) },
        ...(label.trim() ? { label: label.trim() } : {}),
        status,
        ...(diagnosis.trim() ? { diagnosis: diagnosis.trim() } : {}),
      });
      notifications.show({ message: t('newLesion.recorded', { label: lesion.label }) });
      await client.invalidateQueries({ queryKey: ['lesions', patientId] });
      setLabel('');
      setDiagnosis('');
      setDescription('');
      onClose(true);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('newLesion.notSaved'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={Boolean(point)}
      onClose={() => onClose(false)}
      title={t('newLesion.title')}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {point && !located ? (
        <Stack>
          <Text>{t('newLesion.offBody')}</Text>
        </Stack>
      ) : (
        <Stack>
          <Select
            label={t('newLesion.site')}
            data={
              located
                ? regionCodes(located.region).map((c) => ({ value: c.code, label: regionName(t, c) }))
                : []
            }
            value={code}
            onChange={setCode}
            allowDeselect={false}
            description={located ? t('newLesion.side', { side: t(`sideWord.${located.side}`) }) : undefined}
          />
          <TextInput
            label={t('newLesion.where')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            maxLength={500}
          />
          <TextInput
            label={t('newLesion.label')}
            placeholder={t('newLesion.labelPlaceholder')}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            maxLength={40}
          />
          <Select
            label={t('fields.status')}
            data={LESION_STATUSES.map((value) => ({ value, label: statusLabel(t, value) }))}
            value={status}
            onChange={(v) => v && setStatus(v as LesionStatus)}
            allowDeselect={false}
          />
          <Textarea
            label={t('newLesion.diagnosis')}
            value={diagnosis}
            onChange={(e) => setDiagnosis(e.currentTarget.value)}
            maxLength={2000}
            autosize
            minRows={2}
          />
          {error && (
            <Text c="red" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose(false)}>
              {t('common:cancel')}
            </Button>
            <Button onClick={save} loading={busy}>
              {t('newLesion.save')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
