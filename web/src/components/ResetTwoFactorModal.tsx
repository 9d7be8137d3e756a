import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { post } from '../api/client.ts';
import type { User } from '../api/types.ts';

/** A user lost its authenticator: turning its two-factor sign-in off, after saying what that means. */
export function ResetTwoFactorModal({
  user,
  onClose,
  onDone,
}: {
  user: User;
  onClose: () => void;
  onDone: () => Promise<unknown>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function reset() {
    setBusy(true);
    setError(null);
    try {
      await post(`/api/users/${user.id}/totp/reset`);
      await onDone();
      onClose();
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
      title={`Reset two-factor sign-in of ${user.email}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack>
        <Text size="sm">
          Do this when {user.email} has lost the phone or app with its codes, and you are sure it is them
          asking. Their two-factor sign-in is turned off: they sign in with their password alone, then set it
          up again on their My security page. The reset is recorded in the audit log with your name.
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
          <Button color="red.8" loading={busy} onClick={reset}>
            Turn their two-factor off
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
