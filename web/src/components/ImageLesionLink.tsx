import { Group, Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, patch } from '../api/client.ts';
import type { ImageModality, Image as PoolImage } from '../api/types.ts';
import { IMAGE_MODALITIES, modalityLabel } from './lesion-words.ts';
import { useLesions } from './PatientLesions.tsx';

/** Which lesion an image shows and how it was taken, changed in place from the lightbox. */
export function ImageLesionLink({ image }: { image: PoolImage }) {
  const client = useQueryClient();
  const { t } = useTranslation('lesions');
  const lesions = useLesions(image.patientId);
  const save = async (body: { lesionId?: string | null; modality?: ImageModality }) => {
    try {
      // Each choice sets one field on its own: no version check, so two quick choices never collide.
      await patch(`/api/images/${image.id}`, body);
      await Promise.all([
        client.invalidateQueries({ queryKey: ['images', image.patientId] }),
        client.invalidateQueries({ queryKey: ['lesions', image.patientId] }),
        client.invalidateQueries({ queryKey: ['lesion-images'] }),
      ]);
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : t('notSaved') });
    }
  };
  return (
    <Group grow>
      <Select
        label={t('fields.lesion')}
        placeholder={t('link.notLinked')}
        data={(lesions.data?.items ?? []).map((l) => ({ value: l.id, label: l.label }))}
        value={image.lesionId}
        onChange={(v) => save({ lesionId: v })}
        clearable
      />
      <Select
        label={t('link.takenAs')}
        data={IMAGE_MODALITIES.map((value) => ({ value, label: modalityLabel(t, value) }))}
        value={image.modality}
        onChange={(v) => v && save({ modality: v as ImageModality })}
        allowDeselect={false}
      />
    </Group>
  );
}
