import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';

/** A secret the server shows once: displayed with a copy button until dismissed. */
export function SecretOnce({
  title,
  values,
  onDone,
}: {
  title: string;
  values: { label: string; value: string }[];
  onDone: () => void;
}) {
  return (
    <Alert
      color="teal"
      title={title}
      role="status"
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      <Stack gap="xs">
        <Text size="sm">Copy it now: it is not shown again.</Text>
        {values.map((v) => (
          <Group key={v.label} gap="xs" wrap="nowrap">
            <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
              {v.label}:
            </Text>
            <Code
              data-testid={`secret-${v.label.toLowerCase().replace(/\s+/g, '-')}`}
              style={{ wordBreak: 'break-all' }}
            >
              {v.value}
            </Code>
            <CopyButton value={v.value}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="default" onClick={copy} aria-label={`Copy ${v.label}`}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        ))}
        <Group>
          <Button size="xs" variant="light" onClick={onDone}>
            Done, I have copied it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
