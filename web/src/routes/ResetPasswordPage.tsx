import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, post } from '../api/client.ts';
import { CenteredCard } from '../components/CenteredCard.tsx';
import { NewPasswordFields } from '../components/NewPasswordFields.tsx';

/** The token rides in the link's fragment (`#token=…`), which browsers never send to a server. */
const tokenOf = (hash: string) => new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';

/** The page a reset link opens: choose a new password once; it then signs in as usual. */
export function ResetPasswordPage() {
  const { t } = useTranslation('auth');
  const [token] = useState(() => tokenOf(window.location.hash));
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFields({});
    setError(null);
    if (password !== repeat) {
      setFields({ repeat: t('passwordsDiffer') });
      return;
    }
    setBusy(true);
    try {
      const r = await post<{ email: string }>('/api/auth/password-reset', { token, newPassword: password });
      setDone(r.email);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length > 0) setFields(err.fields);
      else setError(err instanceof Error ? err.message : t('layout:failed'));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <CenteredCard title={t('reset.setTitle')}>
        <Text role="status">{t('reset.setText', { email: done })}</Text>
        <Anchor component={Link} to="/login" reloadDocument>
          {t('login.signIn')}
        </Anchor>
      </CenteredCard>
    );
  }
  return (
    <CenteredCard title={t('reset.title')}>
      {!token ? (
        <Alert color="red" role="alert">
          {t('reset.noCode')}
        </Alert>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <NewPasswordFields
              password={password}
              repeat={repeat}
              onPassword={setPassword}
              onRepeat={setRepeat}
              errors={fields}
            />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy}>
              {t('reset.set')}
            </Button>
          </Stack>
        </form>
      )}
    </CenteredCard>
  );
}
