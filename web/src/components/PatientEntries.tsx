import { Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get, post } from '../api/client.ts';
import type { Entry, List } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';

/** The patient's clinical entries, newest appointment first, and a button for a new one. */
export function PatientEntries({ patientId }: { patientId: string }) {
  const { t } = useTranslation('patient');
  const navigate = useNavigate();
  const client = useQueryClient();
  const entries = useQuery({
    queryKey: ['entries', patientId],
    queryFn: () => get<List<Entry>>(`/api/patients/${patientId}/entries`),
  });
  const items = [...(entries.data?.items ?? [])].sort((a, b) =>
    b.appointmentAt.localeCompare(a.appointmentAt),
  );
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('entries.title')}
          </Title>
          <Button
            size="xs"
            onClick={async () => {
              const e = await post<Entry>(`/api/patients/${patientId}/entries`, {
                appointmentAt: new Date().toISOString(),
              });
              await client.invalidateQueries({ queryKey: ['patient', patientId] });
              navigate(`/entries/${e.id}`);
            }}
          >
            {t('entries.new')}
          </Button>
        </Group>
        {entries.isPending && (
          <Skeleton h={48} aria-label={t('entries.loading')} data-testid="entries-loading" />
        )}
        {entries.isSuccess && items.length === 0 && <Text c="dimmed">{t('entries.empty')}</Text>}
        {items.map((e) => (
          <Group key={e.id} justify="space-between" wrap="nowrap">
            <Anchor component={Link} to={`/entries/${e.id}`}>
              {fmtDateTime(e.appointmentAt)}
            </Anchor>
            <Text size="sm" c="dimmed" truncate maw="60%">
              {e.notes ||
                t('entries.summary', {
                  images: t('entries.images', { count: e.workspaceImageIds.length }),
                  comparisons: t('entries.comparisons', { count: e.comparisons.length }),
                })}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
