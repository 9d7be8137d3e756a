import { Paper, SegmentedControl, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageModality, Lesion } from '../api/types.ts';
import { ImageUploader } from './ImageUploader.tsx';
import { IMAGE_MODALITIES, modalityLabel } from './lesion-words.ts';

/**
 * Photos taken of this lesion go straight into it: uploaded to the patient's pool and linked to the
 * lesion with the chosen modality, so the timeline keeps dermoscopic and clinical photos apart.
 */
export function LesionUpload({ lesion }: { lesion: Lesion }) {
  const { t } = useTranslation('lesions');
  const client = useQueryClient();
  const [modality, setModality] = useState<ImageModality>('clinical');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="lesion-upload-title">
      <Stack>
        <Title order={2} size="h4" id="lesion-upload-title">
          {t('upload.title')}
        </Title>
        <SegmentedControl
          aria-label={t('upload.modality')}
          data={IMAGE_MODALITIES.map((m) => ({ value: m, label: modalityLabel(t, m) }))}
          value={modality}
          onChange={(v) => setModality(v as ImageModality)}
        />
        <ImageUploader
          patientId={lesion.patientId}
          aim={{ lesionId: lesion.id, modality }}
          onUploaded={() => {
            void client.invalidateQueries({ queryKey: ['lesion-images', lesion.id] });
            void client.invalidateQueries({ queryKey: ['images', lesion.patientId] });
            void client.invalidateQueries({ queryKey: ['patient', lesion.patientId] });
          }}
        />
      </Stack>
    </Paper>
  );
}
