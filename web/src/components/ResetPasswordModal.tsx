import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { post } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';
import { SecretOnce } from './SecretOnce.tsx';

/** A user forgot its password: a one-time link to choose a new one, shown once to hand over. */
export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<{ resetUrl: string; expiresAt: string } | null>(null);
  async function issue() {
    setBusy(true);
    setError(null);
    try {
      setLink(await post(`/api/users/${user.id}/password-reset`));
    } catch (err) {
      setError(err instanceof Error ? err.message : 'That did not work.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Password reset link for ${user.email}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {link ? (
        <Stack>
          <SecretOnce
            title={`Works once, until ${fmtDateTime(link.expiresAt)}`}
            values={[{ label: 'Reset link', value: link.resetUrl }]}
            onDone={onClose}
          />
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">
            Give the link to {user.email} yourself (in person or by a channel you trust): whoever opens it
            chooses their password. It works once, for 24 hours, and replaces any earlier link. Their current
            password works until the link is used; then every session of theirs ends.
          </Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button loading={busy} onClick={issue}>
              Make the link
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
