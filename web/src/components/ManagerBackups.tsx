import { Alert, Badge, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { get, post } from '../api/client.ts';
import type { Backup, BackupSchedule, BackupVerify, List } from '../api/types.ts';
import { fmtBytes, fmtDateTime } from '../format.ts';
import { BackupRestoreModal } from './BackupRestoreModal.tsx';

const failMessage = (err: unknown) => (err instanceof Error ? err.message : 'That did not work.');

/**
 * Backups of the whole deployment (PRODUCT.md §8): take one and follow its percentage, list them
 * with size, date and schema version, download, verify and restore one; the daily schedule as the
 * operator set it.
 */
export function ManagerBackups() {
  const client = useQueryClient();
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
      notifications.show({ color: 'red', message: failMessage(err) });
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
      notifications.show({ color: 'red', message: failMessage(err) });
    } finally {
      setVerifying(null);
    }
  }

  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3">
            Backups
          </Title>
          <Button
            onClick={start}
            loading={starting}
            disabled={Boolean(running) || schedule.data?.encryption === null}
          >
            Take a backup now
          </Button>
        </Group>
        <Text size="sm">
          A backup holds the whole deployment: every account, user, record, deleted record, stored file and
          the audit trail, with a checksum for each part. Keep a copy off this machine: download it.
        </Text>
        <ScheduleText schedule={schedule.data} />
        <EncryptionText schedule={schedule.data} />
        {running && (
          <Stack gap={4} data-testid="backup-progress">
            <Text size="sm" aria-live="polite">
              Writing backup {running.id}: {running.percent}%
            </Text>
            <Progress value={running.percent} aria-label="Backup progress" animated />
          </Stack>
        )}
        {verified && <VerifyResult result={verified} />}
        {backups.error && <Alert color="red">{backups.error.message}</Alert>}
        <DataTable
          aria-label="Backups"
          withTableBorder
          minHeight={100}
          noRecordsText="No backups yet"
          records={items}
          columns={[
            { accessor: 'createdAt', title: 'Taken', render: (b) => fmtDateTime(b.createdAt) },
            { accessor: 'size', title: 'Size', textAlign: 'right', render: (b) => fmtBytes(b.size) },
            { accessor: 'schema', title: 'Schema version', render: (b) => b.schema ?? '—' },
            { accessor: 'status', title: 'Status', render: (b) => <BackupStatus backup={b} /> },
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
                      aria-label={`Download backup ${b.id}`}
                    >
                      Download
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      loading={verifying === b.id}
                      aria-label={`Verify backup ${b.id}`}
                      onClick={() => verify(b)}
                    >
                      Verify
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Restore backup ${b.id}`}
                      onClick={() => setRestoring(b)}
                    >
                      Restore
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
  if (!schedule) return null;
  return (
    <Text size="sm" data-testid="backup-schedule">
      {schedule.enabled
        ? `Daily backup at ${schedule.time} (server time), keeping the newest ${schedule.keep}; next: ${fmtDateTime(schedule.nextRunAt)}.`
        : `No daily backup is scheduled. The operator turns it on with VELLUM_BACKUP_TIME (and VELLUM_BACKUP_KEEP, now ${schedule.keep}) in the server's environment.`}
    </Text>
  );
}

/** Stored backups are always encrypted: to what, or, with no key set, how the operator sets one. */
function EncryptionText({ schedule }: { schedule: BackupSchedule | undefined }) {
  if (!schedule) return null;
  if (schedule.encryption === null) {
    return (
      <Alert color="orange" title="No backup key is set" data-testid="backup-encryption">
        Backups are always encrypted, so none is taken until the operator sets a key in the server's
        environment and restarts it: VELLUM_BACKUP_PASSPHRASE (a long passphrase), or VELLUM_BACKUP_RECIPIENT
        (an age public key; its identity, kept elsewhere, reads the backups back). docs/OPERATIONS.md,
        "Encryption", says how.
      </Alert>
    );
  }
  return (
    <Text size="sm" data-testid="backup-encryption">
      {schedule.encryption === 'passphrase'
        ? "Backups are encrypted to the passphrase set on the server (VELLUM_BACKUP_PASSPHRASE) and signed with this deployment's key. Keep the passphrase somewhere safe off this machine: without it no backup can be restored."
        : "Backups are encrypted to an age public key (VELLUM_BACKUP_RECIPIENT) and signed with this deployment's key; only its identity reads them back, so this server can verify or restore them only while VELLUM_BACKUP_IDENTITY is set."}
    </Text>
  );
}

function BackupStatus({ backup: b }: { backup: Backup }) {
  if (b.status === 'running') {
    return (
      <Badge color="blue" variant="light">
        Writing, {b.percent}%
      </Badge>
    );
  }
  if (b.status === 'failed') {
    return (
      <Stack gap={2}>
        <Badge color="red" variant="light">
          Failed
        </Badge>
        <Text size="xs">{b.error?.message}</Text>
      </Stack>
    );
  }
  return (
    <Badge color="vellum" variant="light">
      Complete
    </Badge>
  );
}

function VerifyResult({ result: r }: { result: BackupVerify }) {
  const holds = `${r.rows} rows in ${r.tables} tables and ${r.files} files (${fmtBytes(r.fileBytes)})`;
  if (r.intact && r.restorable) {
    return (
      <Alert color="vellum" role="status" title={`Backup ${r.id} is intact`}>
        Every checksum matches: {holds}, schema {r.schema}, {r.engine} database. It can be restored here.
      </Alert>
    );
  }
  return (
    <Alert
      color="red"
      role="status"
      title={r.intact ? `Backup ${r.id} cannot be restored here` : `Backup ${r.id} is not usable`}
    >
      {r.error?.message}
    </Alert>
  );
}
