import { Alert, List, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
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
  return (
    <ConfirmPhraseModal
      opened
      onClose={onClose}
      title={`Restore the backup of ${fmtDateTime(backup.createdAt)}`}
      phrase={`restore backup ${backup.id}`}
      action="Replace everything with this backup"
      onConfirm={async (confirmation) => {
        const r = await post<BackupRestore>(`/api/admin/backups/${backup.id}/restore`, { confirmation });
        notifications.show({
          color: 'vellum',
          message: `Backup ${r.id} restored: ${r.rows} rows and ${r.files} files; ${r.removedFiles} stored files it did not hold were removed.`,
        });
        onClose();
        // Everything read before is stale, the signed-in user too (it may not exist in the backup).
        await client.invalidateQueries();
      }}
    >
      <Alert color="red" title="Everything now in this deployment is replaced">
        <Text size="sm">
          The deployment goes back exactly to {fmtDateTime(backup.createdAt)} (schema {backup.schema ?? '—'}):
        </Text>
        <List size="sm" mt={4}>
          <List.Item>
            patients, entries, images, consents, accounts, users and settings changed since are lost;
          </List.Item>
          <List.Item>stored files that the backup does not hold are removed;</List.Item>
          <List.Item>
            everyone is signed in as at that time: users and sessions created since no longer exist, and you
            may have to sign in again.
          </List.Item>
        </List>
        <Text size="sm" mt={4}>
          The whole archive is checked first; if it is damaged nothing changes. Other backups are kept.
        </Text>
      </Alert>
    </ConfirmPhraseModal>
  );
}
