import { Button, Card, Group, Pagination, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DeletedPatient } from '../api/types.ts';
import { countdown, fmtDateTime, patientName } from '../format.ts';
import { DeletionReasonText } from './DeletionReason.tsx';
import { paginationTexts } from './table-texts.ts';

/** Deleted patients on a phone: one card each, the countdown and Recover always in view. */
export function DeletedPatientCards({
  patients,
  loading,
  total,
  page,
  pageSize,
  onPage,
  onRecover,
}: {
  patients: DeletedPatient[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  onRecover: (patient: DeletedPatient) => void;
}) {
  const { t } = useTranslation('deleted');
  if (loading) {
    return (
      <Stack aria-busy="true" aria-label={t('loading')}>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} h={110} />
        ))}
      </Stack>
    );
  }
  if (patients.length === 0) return <Text>{t('empty')}</Text>;
  return (
    <Stack gap="sm">
      <Stack
        gap="sm"
        component="ul"
        aria-label={t('patients')}
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {patients.map((p) => (
          <li key={p.id}>
            <Card withBorder padding="sm" data-testid="deleted-card">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div>
                  <Text fw={700}>{p.uniqueId}</Text>
                  <Text size="sm">{patientName(p)}</Text>
                </div>
                <Button
                  variant="light"
                  onClick={() => onRecover(p)}
                  aria-label={t('recoverNamed', { name: p.uniqueId })}
                >
                  {t('common:recover')}
                </Button>
              </Group>
              <Text size="sm" c="dimmed">
                {p.deletedByEmail
                  ? t('card.deletedBy', { date: fmtDateTime(p.deletedAt), email: p.deletedByEmail })
                  : t('card.deleted', { date: fmtDateTime(p.deletedAt) })}
              </Text>
              <DeletionReasonText reason={p.reason} reasonNote={p.reasonNote} />
              {p.expiresAt ? (
                <Text size="sm" title={fmtDateTime(p.expiresAt)}>
                  {t('card.expires', { countdown: countdown(p.expiresAt) })}
                </Text>
              ) : (
                <Text size="sm" c="orange.9" title={p.holdReason ?? undefined}>
                  {t('card.held')}
                </Text>
              )}
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
