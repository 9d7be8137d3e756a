import { Alert, List, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client.ts';
import type { Backup, BackupRestore } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';
import { ConfirmPhraseModal } from './ConfirmPhraseModal.tsx';

/**
 * Restoring over a running deployment replaces everything in it: the server asks for the typed
 * phrase `restore backup <id>`, and this says first what is lost.
 */
export function BackupRestoreModal({ backup, onClose }: { backup: Backup; onClose: () => void }) {
  const client = useQueryClient();
  const { t } = useTranslation('manager');
  // A backup another deployment signed (moving to a new server) is restored only with its public key.
  const [trustPublicKey, setTrustPublicKey] = useState('');
  return (
    <ConfirmPhraseModal
      opened
      onClose={onClose}
      title={t('restore.title', { when: fmtDateTime(backup.createdAt) })}
      phrase={`restore backup ${backup.id}`}
      action={t('restore.action')}
      onConfirm={async (confirmation) => {
        const r = await post<BackupRestore>(`/api/admin/backups/${backup.id}/restore`, {
          confirmation,
          ...(trustPublicKey.trim() ? { trustPublicKey: trustPublicKey.trim() } : {}),
        });
        notifications.show({
          color: 'vellum',
          message: t('restore.done', { id: r.id, rows: r.rows, files: r.files, removed: r.removedFiles }),
        });
        onClose();
        // Everything read before is stale, the signed-in user too (it may not exist in the backup).
        await client.invalidateQueries();
      }}
    >
      <Alert color="red" title={t('restore.alert')}>
        <Text size="sm">
          {t('restore.goesBack', { when: fmtDateTime(backup.createdAt), schema: backup.schema ?? '—' })}
        </Text>
        <List size="sm" mt={4}>
          <List.Item>{t('restore.lost')}</List.Item>
          <List.Item>{t('restore.filesRemoved')}</List.Item>
          <List.Item>{t('restore.signedIn')}</List.Item>
        </List>
        <Text size="sm" mt={4}>
          {t('restore.checkedFirst')}
        </Text>
      </Alert>
      <Textarea
        label={t('restore.trustKey')}
        description={t('restore.trustKeyHelp')}
        autosize
        minRows={2}
        maxRows={6}
        value={trustPublicKey}
        onChange={(e) => setTrustPublicKey(e.currentTarget.value)}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
    </ConfirmPhraseModal>
  );
}
