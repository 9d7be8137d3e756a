import { Alert, Button, Group, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../api/client.ts';
import { NewPasswordFields } from './NewPasswordFields.tsx';

/**
 * Changing one's own password with the current one. The server ends the user's other sessions;
 * `onChanged` hears how many.
 */
export function ChangePasswordForm({
  onChanged,
}: {
  onChanged: (sessionsEnded: number) => Promise<unknown>;
}) {
  const { t } = useTranslation('auth');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setFields({});
        setError(null);
        if (next !== repeat) {
          setFields({ repeat: t('newPasswordsDiffer') });
          return;
        }
        setBusy(true);
        try {
          const r = await post<{ sessionsEnded: number }>('/api/auth/password', {
            currentPassword: current,
            newPassword: next,
          });
          setCurrent('');
          setNext('');
          setRepeat('');
          await onChanged(r.sessionsEnded);
        } catch (err) {
          if (err instanceof ApiError && Object.keys(err.fields).length > 0) setFields(err.fields);
          else setError(err instanceof Error ? err.message : t('layout:failed'));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Stack gap="xs" maw={420}>
        <PasswordInput
          label={t('currentPassword')}
          autoComplete="current-password"
          required
          value={current}
          error={fields.currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
        <NewPasswordFields
          password={next}
          repeat={repeat}
          onPassword={setNext}
          onRepeat={setRepeat}
          errors={fields}
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {t('changePassword')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
