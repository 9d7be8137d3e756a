import { Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { CredentialsPanel } from '../components/CredentialsPanel.tsx';

/** The signed-in user's credentials for scripts and integrations; each acts with the user's rights. */
export function ApiAccessPage() {
  const [jwks, setJwks] = useState('');
  const [scope, setScope] = useState('');
  const keyed = jwks.trim() !== '';
  return (
    <Stack>
      <Title order={1}>API access</Title>
      <Text size="sm">
        Scripts and other systems act with your rights through these credentials. Revoke any you no longer
        use.
      </Text>
      <CredentialsPanel
        title="Personal API tokens"
        kind="Token"
        description="Sent as “Authorization: Bearer <token>” to the API and the FHIR API."
        path="/api/auth/tokens"
        createLabel="Create token"
        secrets={(t) => [{ label: 'Token', value: t.token ?? '' }]}
      />
      <CredentialsPanel
        title="OAuth clients"
        kind="Client"
        description="For FHIR and other OAuth2 clients: they exchange the client ID and secret at /oauth2/token (client credentials) for an access token that lasts one hour. A SMART backend client gives its public key set (JWKS) instead and signs its token requests; scopes such as system/*.rs limit what its tokens may do in the FHIR API."
        path="/api/auth/clients"
        createLabel="Create client"
        secrets={(c) => [
          { label: 'Client ID', value: c.clientId ?? '' },
          ...(c.clientSecret ? [{ label: 'Client secret', value: c.clientSecret }] : []),
        ]}
        extra={{
          fields: (
            <>
              <Textarea
                label="Public key set (JWKS), for a SMART backend client"
                description="Leave empty for a client with a secret"
                autosize
                minRows={1}
                maxRows={6}
                value={jwks}
                onChange={(e) => setJwks(e.currentTarget.value)}
              />
              <TextInput
                label="Scopes"
                description="e.g. system/*.rs; empty: your rights"
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
