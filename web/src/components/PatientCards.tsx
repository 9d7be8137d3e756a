import { Card, Group, Pagination, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Patient, Tag } from '../api/types.ts';
import { fmtDate, patientName } from '../format.ts';
import { TagChips } from './Tags.tsx';
import { paginationTexts } from './table-texts.ts';

/** The patient list on a phone: one card per patient, the whole card a link, counts in words. */
export function PatientCards({
  patients,
  tags,
  loading,
  total,
  page,
  pageSize,
  onPage,
}: {
  patients: Patient[];
  tags?: Tag[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation('patients');
  if (loading) {
    return (
      <Stack data-testid="patients-loading" aria-busy="true" aria-label={t('list.loading')}>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} h={96} />
        ))}
      </Stack>
    );
  }
  if (patients.length === 0) return <Text>{t('list.noMatch')}</Text>;
  return (
    <Stack gap="sm">
      <Stack
        gap="sm"
        component="ul"
        aria-label={t('list.title')}
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {patients.map((p) => (
          <li key={p.id}>
            <Card
              withBorder
              component={Link}
              to={`/patients/${p.id}`}
              data-testid="patient-card"
              padding="sm"
            >
              <Group justify="space-between" wrap="nowrap">
                <Text fw={700}>{p.uniqueId}</Text>
                <Text size="sm" c="dimmed">
                  {fmtDate(p.lastAppointmentAt)}
                </Text>
              </Group>
              <Text size="sm">{patientName(p)}</Text>
              <Text size="sm" c="dimmed">
                {t('cards.counts', {
                  entries: t('cards.entries', { count: p.entryCount }),
                  images: t('cards.images', { count: p.imageCount }),
                })}
              </Text>
              <TagChips ids={p.effectiveTagIds} tags={tags} />
            </Card>
          </li>
        ))}
      </Stack>
      {total > pageSize && (
        <Pagination
          total={Math.ceil(total / pageSize)}
          value={page}
          onChange={onPage}
          {...paginationTexts(t)}
        />
      )}
    </Stack>
  );
}
