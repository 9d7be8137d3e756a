import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('admin');
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
      setError(err instanceof Error ? err.message : t('layout:failed'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('resetTwoFactor.title', { email: user.email })}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <Stack>
        <Text size="sm">{t('resetTwoFactor.text', { email: user.email })}</Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button color="red.8" loading={busy} onClick={reset}>
            {t('resetTwoFactor.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
