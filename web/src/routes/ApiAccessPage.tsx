import { Stack, Text, Title } from '@mantine/core';
import { CredentialsPanel } from '../components/CredentialsPanel.tsx';

/** The signed-in user's credentials for scripts and integrations; each acts with the user's rights. */
export function ApiAccessPage() {
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
        description="For FHIR and other OAuth2 clients: they exchange the client ID and secret at /oauth2/token (client credentials) for an access token that lasts one hour."
        path="/api/auth/clients"
        createLabel="Create client"
        secrets={(c) => [
          { label: 'Client ID', value: c.clientId ?? '' },
          { label: 'Client secret', value: c.clientSecret ?? '' },
        ]}
      />
    </Stack>
  );
}
