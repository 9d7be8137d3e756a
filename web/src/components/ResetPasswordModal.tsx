import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';
import { SecretOnce } from './SecretOnce.tsx';

/** A user forgot its password: a one-time link to choose a new one, shown once to hand over. */
export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<{ resetUrl: string; expiresAt: string } | null>(null);
  async function issue() {
    setBusy(true);
    setError(null);
    try {
      setLink(await post(`/api/users/${user.id}/password-reset`));
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
      title={t('resetPassword.title', { email: user.email })}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {link ? (
        <Stack>
          <SecretOnce
            title={t('resetPassword.worksOnce', { until: fmtDateTime(link.expiresAt) })}
            values={[{ id: 'reset-link', label: t('resetPassword.link'), value: link.resetUrl }]}
            onDone={onClose}
          />
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">{t('resetPassword.text', { email: user.email })}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <Button loading={busy} onClick={issue}>
              {t('resetPassword.make')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
