import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api/client.ts';
import type { TotpSetup, TotpStatus } from '../api/types.ts';
import { TotpQrCode } from './TotpQrCode.tsx';

/** Turning TOTP two-factor sign-in on (secret, then a code from the app) and off (password). */
export function TwoFactorPanel() {
  const client = useQueryClient();
  const { t } = useTranslation('security');
  const status = useQuery({ queryKey: ['totp'], queryFn: () => get<TotpStatus>('/api/auth/totp') });
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err instanceof Error ? err.message : t('layout:failed'));
      return;
    } finally {
      // Before the status refreshes: the other form's button must not appear busy.
      setBusy(false);
    }
    setSetup(null);
    setCode('');
    setPassword('');
    notifications.show({ message: done });
    await client.invalidateQueries({ queryKey: ['totp'] });
    await client.invalidateQueries({ queryKey: ['my-history'] });
  }
  const enable = (e: FormEvent) => {
    e.preventDefault();
    void run(() => post('/api/auth/totp/enable', { code }), t('twoFactor.turnedOn'));
  };
  const disable = (e: FormEvent) => {
    e.preventDefault();
    void run(() => post('/api/auth/totp/disable', { password }), t('twoFactor.turnedOff'));
  };
  const start = async () => {
    setError(null);
    try {
      setSetup(await post<TotpSetup>('/api/auth/totp/setup'));
    } catch (err) {
      setError(err instanceof Error ? err.message : t('layout:failed'));
    }
  };

  const on = status.data?.enabled ?? false;
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {t('twoFactor.title')}
      </Title>
      <Text size="sm" data-testid="totp-status">
        {on ? t('twoFactor.on') : t('twoFactor.off')}
      </Text>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {on && (
        <form onSubmit={disable}>
          <Group align="flex-end">
            <PasswordInput
              label={t('twoFactor.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" color="orange" variant="light" loading={busy}>
              {t('twoFactor.turnOff')}
            </Button>
          </Group>
        </form>
      )}
      {!on && !setup && (
        <Group>
          <Button variant="light" onClick={start}>
            {t('twoFactor.setUp')}
          </Button>
        </Group>
      )}
      {!on && setup && (
        <form onSubmit={enable}>
          <Stack gap="xs">
            <Text size="sm">{t('twoFactor.scan')}</Text>
            <TotpQrCode uri={setup.uri} />
            <Group gap="xs">
              <Text size="sm">{t('twoFactor.key')}</Text>
              <Code data-testid="totp-secret">{setup.secret}</Code>
              <CopyButton value={setup.secret}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="default" onClick={copy}>
                    {copied ? t('twoFactor.copied') : t('twoFactor.copyKey')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Code block data-testid="totp-uri" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
              {setup.uri}
            </Code>
            <Group align="flex-end">
              <TextInput
                label={t('twoFactor.code')}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
              />
              <Button type="submit" loading={busy}>
                {t('twoFactor.turnOn')}
              </Button>
              <Button variant="default" onClick={() => setSetup(null)}>
                {t('common:cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
