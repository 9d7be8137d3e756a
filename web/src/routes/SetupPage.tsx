import { Alert, Button, Code, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, post } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { CenteredCard } from '../components/CenteredCard.tsx';
import { EmailPasswordFields } from '../components/EmailPasswordFields.tsx';

/** First run: creates the super administrator of an empty deployment, then signs in. */
export function SetupPage() {
  const client = useQueryClient();
  const { t } = useTranslation('auth');
  const [setupCode, setSetupCode] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password !== repeat) {
      setFields({ repeat: t('passwordsDiffer') });
      return;
    }
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await post('/api/setup', { setupCode, email, password });
      const res = await post<{ user: User }>('/api/auth/login', { email, password });
      client.setQueryData(['me'], res.user);
    } catch (err) {
      if (err instanceof ApiError) setFields(err.fields);
      setError(err instanceof Error ? err.message : t('setup.failed'));
      if (err instanceof ApiError && err.code === 'already_set_up') await client.invalidateQueries();
    } finally {
      setBusy(false);
    }
  }

  return (
    <CenteredCard title={t('setup.title')}>
      <Text size="sm">{t('setup.intro')}</Text>
      <Text size="sm">
        <Trans t={t} i18nKey="setup.codeWhere" components={{ code: <Code /> }} />
      </Text>
      <form onSubmit={submit}>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('setup.code')}
            description={t('setup.codeHint')}
            autoComplete="off"
            required
            value={setupCode}
            error={fields.setupCode}
            onChange={(e) => setSetupCode(e.currentTarget.value)}
          />
          <EmailPasswordFields
            email={email}
            password={password}
            onEmail={setEmail}
            onPassword={setPassword}
            errors={fields}
            passwordLabel={t('password')}
            purpose="own"
          />
          <PasswordInput
            label={t('setup.repeat')}
            autoComplete="new-password"
            required
            value={repeat}
            error={fields.repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
          />
          <Button type="submit" loading={busy}>
            {t('setup.create')}
          </Button>
        </Stack>
      </form>
    </CenteredCard>
  );
}
