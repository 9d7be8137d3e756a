import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api/client.ts';
import type { CleanupResult, CleanupStatus } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';

/** The daily cleanup: its last run, what it removed, failures, the next run, and "run now". */
export function ManagerCleanup() {
  const client = useQueryClient();
  const { t } = useTranslation('manager');
  const [running, setRunning] = useState(false);
  const status = useQuery({ queryKey: ['cleanup'], queryFn: () => get<CleanupStatus>('/api/admin/cleanup') });
  const last = status.data?.lastRun;
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3">
            {t('cleanup.title')}
          </Title>
          <Button
            loading={running}
            onClick={async () => {
              setRunning(true);
              try {
                const r = await post<CleanupResult>('/api/admin/cleanup');
                const n = Object.values(r.removed).reduce((a, b) => a + b, 0);
                notifications.show({
                  color: 'vellum',
                  message: t('cleanup.finished', { count: n }),
                });
                await client.invalidateQueries({ queryKey: ['cleanup'] });
              } finally {
                setRunning(false);
              }
            }}
          >
            {t('cleanup.runNow')}
          </Button>
        </Group>
        <Text size="sm">{t('cleanup.intro', { next: fmtDateTime(status.data?.nextRunAt) })}</Text>
        {last ? (
          <>
            <Text size="sm" data-testid="cleanup-last-run">
              {t('cleanup.lastRun', {
                when: fmtDateTime(last.startedAt),
                trigger: t(`cleanup.triggers.${last.trigger}`, { defaultValue: last.trigger }),
              })}
              {last.finishedAt ? '' : t('cleanup.halfway')}
            </Text>
            {last.removed && (
              <Table withTableBorder w="fit-content" aria-label={t('cleanup.removed')}>
                <Table.Tbody>
                  {Object.entries(last.removed).map(([k, v]) => (
                    <Table.Tr key={k}>
                      <Table.Th>{t(`cleanup.kinds.${k}`, { defaultValue: k })}</Table.Th>
                      <Table.Td>{v}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {last.failures.length > 0 && (
              <Alert color="red" title={t('cleanup.failures', { count: last.failures.length })}>
                {last.failures
                  .map((f) =>
                    t('cleanup.failure', {
                      kind: t(`cleanup.failureKinds.${f.kind}`),
                      id: f.id ?? '',
                      message: f.message,
                    }),
                  )
                  .join('; ')}
              </Alert>
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('cleanup.noRun')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
