import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { CenteredCard } from '../components/CenteredCard.tsx';
import { LanguagePicker } from '../components/LanguagePicker.tsx';

/** Sign-in with e-mail and password; the code field appears when the account uses TOTP. */
export function LoginPage() {
  const client = useQueryClient();
  const { t } = useTranslation('auth');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await post<{ user: User }>('/api/auth/login', {
        email,
        password,
        ...(needsTotp ? { totp } : {}),
      });
      client.setQueryData(['me'], res.user);
    } catch (err) {
      // The password was right and a code is needed: ask for it, no error yet.
      if (err instanceof ApiError && err.code === 'totp_required') {
        setNeedsTotp(true);
        setError(null);
      } else setError(err instanceof Error ? err.message : t('login.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <CenteredCard title={t('login.title')}>
      <form onSubmit={submit}>
        <Stack>
          {error && (
            <Alert color="red" role="alert" title={t('login.notSignedIn')}>
              {error}
            </Alert>
          )}
          <TextInput
            label={t('email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {needsTotp && (
            <TextInput
              label={t('login.code')}
              description={t('login.codeHint')}
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              autoFocus
              value={totp}
              onChange={(e) => setTotp(e.currentTarget.value)}
            />
          )}
          <Button type="submit" loading={busy}>
            {t('login.signIn')}
          </Button>
        </Stack>
      </form>
      <LanguagePicker />
    </CenteredCard>
  );
}
