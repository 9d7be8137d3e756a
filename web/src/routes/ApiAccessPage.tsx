import { Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CredentialsPanel } from '../components/CredentialsPanel.tsx';

/** The signed-in user's credentials for scripts and integrations; each acts with the user's rights. */
export function ApiAccessPage() {
  const { t } = useTranslation('admin');
  const [jwks, setJwks] = useState('');
  const [scope, setScope] = useState('');
  const keyed = jwks.trim() !== '';
  return (
    <Stack>
      <Title order={1}>{t('apiAccess.title')}</Title>
      <Text size="sm">{t('apiAccess.intro')}</Text>
      <CredentialsPanel
        kind="token"
        path="/api/auth/tokens"
        secrets={(c) => [{ id: 'token', label: t('credentials.token.secret'), value: c.token ?? '' }]}
      />
      <CredentialsPanel
        kind="client"
        path="/api/auth/clients"
        secrets={(c) => [
          { id: 'client-id', label: t('credentials.client.clientId'), value: c.clientId ?? '' },
          ...(c.clientSecret
            ? [{ id: 'client-secret', label: t('credentials.client.clientSecret'), value: c.clientSecret }]
            : []),
        ]}
        extra={{
          fields: (
            <>
              <Textarea
                label={t('apiAccess.jwks')}
                description={t('apiAccess.jwksHint')}
                autosize
                minRows={1}
                maxRows={6}
                value={jwks}
                onChange={(e) => setJwks(e.currentTarget.value)}
              />
              <TextInput
                label={t('credentials.scopes')}
                description={t('apiAccess.scopesHint')}
                value={scope}
                onChange={(e) => setScope(e.currentTarget.value)}
              />
            </>
          ),
          body: () => ({
            ...(keyed ? { jwks: parsedJwks(jwks) } : {}),
            ...(scope.trim() ? { scope: scope.trim() } : {}),
          }),
          reset: () => {
            setJwks('');
            setScope('');
          },
        }}
      />
    </Stack>
  );
}

/** The pasted key set; text that is not JSON goes to the server as is, which names the problem. */
function parsedJwks(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
