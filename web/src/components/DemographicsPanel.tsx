import { Accordion, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Patient } from '../api/types.ts';
import { fmtDate, patientName } from '../format.ts';
import { PatientFieldsForm } from './PatientFieldsForm.tsx';

/**
 * The patient's fields under one line, below the photos: open beside the entries on a wide
 * screen, folded on a phone (where they would push everything else down) until asked for.
 */
export function DemographicsPanel({ patient }: { patient: Patient }) {
  const { t } = useTranslation('patient');
  const phone = useMediaQuery('(max-width: 600px)', false, { getInitialValueInEffect: false });
  const [open, setOpen] = useState<string | null>(phone ? null : 'demographics');
  const summary = [
    patientName(patient),
    patient.dateOfBirth && t('demographics.born', { date: fmtDate(patient.dateOfBirth) }),
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Accordion variant="contained" chevronPosition="right" value={open} onChange={setOpen}>
      <Accordion.Item value="demographics">
        <Accordion.Control>
          <Text fw={600} span>
            {t('demographics.title')}
          </Text>{' '}
          <Text size="sm" c="dimmed" span>
            {summary}
          </Text>
        </Accordion.Control>
        <Accordion.Panel>
          <PatientFieldsForm patient={patient} />
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
