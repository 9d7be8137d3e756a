import { Alert, Badge, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api/client.ts';
import type { Backup, BackupSchedule, BackupVerify, List } from '../api/types.ts';
import { fmtBytes, fmtDateTime } from '../format.ts';
import { BackupRestoreModal } from './BackupRestoreModal.tsx';

const failMessage = (t: TFunction, err: unknown) => (err instanceof Error ? err.message : t('layout:failed'));

/**
 * Backups of the whole deployment (PRODUCT.md §8): take one and follow its percentage, list them
 * with size, date and schema version, download, verify and restore one; the daily schedule as the
 * operator set it.
 */
export function ManagerBackups() {
  const client = useQueryClient();
  const { t } = useTranslation('manager');
  const [starting, setStarting] = useState(false);
  const [verifying, setVerifying] = useState<string | null>(null);
  const [verified, setVerified] = useState<BackupVerify | null>(null);
  const [restoring, setRestoring] = useState<Backup | null>(null);
  const backups = useQuery({
    queryKey: ['backups'],
    queryFn: () => get<List<Backup>>('/api/admin/backups'),
    // The percentage of a running backup is read from the list: follow it until it ends.
    refetchInterval: (q) => (q.state.data?.items.some((b) => b.status === 'running') ? 1000 : false),
  });
  const schedule = useQuery({
    queryKey: ['backup-schedule'],
    queryFn: () => get<BackupSchedule>('/api/admin/backups/schedule'),
  });
  const items = backups.data?.items ?? [];
  const running = items.find((b) => b.status === 'running');

  async function start() {
    setStarting(true);
    try {
      await post('/api/admin/backups');
      await client.invalidateQueries({ queryKey: ['backups'] });
    } catch (err) {
      notifications.show({ color: 'red', message: failMessage(t, err) });
    } finally {
      setStarting(false);
    }
  }

  async function verify(b: Backup) {
    setVerifying(b.id);
    setVerified(null);
    try {
      setVerified(await post<BackupVerify>(`/api/admin/backups/${b.id}/verify`));
    } catch (err) {
      notifications.show({ color: 'red', message: failMessage(t, err) });
    } finally {
      setVerifying(null);
    }
  }

  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3">
            {t('backups.title')}
          </Title>
          <Button
            onClick={start}
            loading={starting}
            disabled={Boolean(running) || schedule.data?.encryption === null}
          >
            {t('backups.take')}
          </Button>
        </Group>
        <Text size="sm">{t('backups.intro')}</Text>
        <ScheduleText schedule={schedule.data} />
        <EncryptionText schedule={schedule.data} />
        {running && (
          <Stack gap={4} data-testid="backup-progress">
            <Text size="sm" aria-live="polite">
              {t('backups.writing', { id: running.id, percent: running.percent })}
            </Text>
            <Progress value={running.percent} aria-label={t('backups.progress')} animated />
          </Stack>
        )}
        {verified && <VerifyResult result={verified} />}
        {backups.error && <Alert color="red">{backups.error.message}</Alert>}
        <DataTable
          aria-label={t('backups.title')}
          withTableBorder
          minHeight={100}
          noRecordsText={t('backups.none')}
          records={items}
          columns={[
            { accessor: 'createdAt', title: t('backups.taken'), render: (b) => fmtDateTime(b.createdAt) },
            {
              accessor: 'size',
              title: t('backups.size'),
              textAlign: 'right',
              render: (b) => fmtBytes(b.size, t),
            },
            { accessor: 'schema', title: t('backups.schema'), render: (b) => b.schema ?? '—' },
            { accessor: 'status', title: t('backups.status'), render: (b) => <BackupStatus backup={b} /> },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (b) =>
                b.status === 'complete' && (
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button
                      component="a"
                      size="xs"
                      variant="subtle"
                      href={`/api/admin/backups/${b.id}/download`}
                      download
                      aria-label={t('backups.downloadLabel', { id: b.id })}
                    >
                      {t('backups.download')}
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      loading={verifying === b.id}
                      aria-label={t('backups.verifyLabel', { id: b.id })}
                      onClick={() => verify(b)}
                    >
                      {t('backups.verify')}
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={t('backups.restoreLabel', { id: b.id })}
                      onClick={() => setRestoring(b)}
                    >
                      {t('backups.restore')}
                    </Button>
                  </Group>
                ),
            },
          ]}
        />
      </Stack>
      {restoring && <BackupRestoreModal backup={restoring} onClose={() => setRestoring(null)} />}
    </Paper>
  );
}

function ScheduleText({ schedule }: { schedule: BackupSchedule | undefined }) {
  const { t } = useTranslation('manager');
  if (!schedule) return null;
  return (
    <Text size="sm" data-testid="backup-schedule">
      {schedule.enabled
        ? t('backups.daily', {
            time: schedule.time,
            keep: schedule.keep,
            next: fmtDateTime(schedule.nextRunAt),
          })
        : t('backups.noDaily', { keep: schedule.keep })}
    </Text>
  );
}

/** Stored backups are always encrypted: to what, or, with no key set, how the operator sets one. */
function EncryptionText({ schedule }: { schedule: BackupSchedule | undefined }) {
  const { t } = useTranslation('manager');
  if (!schedule) return null;
  if (schedule.encryption === null) {
    return (
      <Alert color="orange" title={t('backups.noKey')} data-testid="backup-encryption">
        {t('backups.noKeyText')}
      </Alert>
    );
  }
  return (
    <Text size="sm" data-testid="backup-encryption">
      {schedule.encryption === 'passphrase' ? t('backups.passphrase') : t('backups.recipient')}
    </Text>
  );
}

function BackupStatus({ backup: b }: { backup: Backup }) {
  const { t } = useTranslation('manager');
  if (b.status === 'running') {
    return (
      <Badge color="blue" variant="light">
        {t('backups.writingStatus', { percent: b.percent })}
      </Badge>
    );
  }
  if (b.status === 'failed') {
    return (
      <Stack gap={2}>
        <Badge color="red" variant="light">
          {t('backups.failed')}
        </Badge>
        <Text size="xs">{b.error?.message}</Text>
      </Stack>
    );
  }
  return (
    <Badge color="vellum" variant="light">
      {t('backups.complete')}
    </Badge>
  );
}

function VerifyResult({ result: r }: { result: BackupVerify }) {
  const { t } = useTranslation('manager');
  const holds = t('backups.holds', {
    rows: r.rows,
    tables: r.tables,
    files: r.files,
    size: fmtBytes(r.fileBytes, t),
  });
  if (r.intact && r.restorable) {
    return (
      <Alert color="vellum" role="status" title={t('backups.intact', { id: r.id })}>
        {t('backups.intactText', { holds, schema: r.schema, engine: r.engine })}
      </Alert>
    );
  }
  return (
    <Alert
      color="red"
      role="status"
      title={r.intact ? t('backups.notRestorable', { id: r.id }) : t('backups.notUsable', { id: r.id })}
    >
      {r.error?.message}
    </Alert>
  );
}
