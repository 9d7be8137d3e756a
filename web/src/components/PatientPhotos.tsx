import { Paper, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DicomStatus, Patient } from '../api/types.ts';
import { ImagePool } from './ImagePool.tsx';
import { ImageUploader } from './ImageUploader.tsx';

/** The patient's photos and the upload button: what the patient page leads with. */
export function PatientPhotos({
  patient,
  canDelete,
  pacs,
}: {
  patient: Patient;
  canDelete: boolean;
  pacs?: DicomStatus;
}) {
  const { t } = useTranslation('patient');
  const client = useQueryClient();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="photos-title">
      <Stack>
        <Title order={2} size="h4" id="photos-title">
          {t('photos.title')}
        </Title>
        <ImageUploader
          patientId={patient.id}
          blockedReason={
            patient.consent.level === 'required' && patient.consent.status !== 'active'
              ? t('photos.waitConsent')
              : undefined
          }
          onUploaded={() => {
            void client.invalidateQueries({ queryKey: ['patient', patient.id] });
            void client.invalidateQueries({ queryKey: ['images', patient.id] });
          }}
        />
        <ImagePool patientId={patient.id} canDelete={canDelete} pacs={pacs} />
      </Stack>
    </Paper>
  );
}
