import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A secret the server shows once: displayed with a copy button until dismissed. */
export function SecretOnce({
  title,
  values,
  onDone,
}: {
  title: string;
  /** `id` names the value for tests (`secret-<id>`) in any language. */
  values: { id: string; label: string; value: string }[];
  onDone: () => void;
}) {
  const { t } = useTranslation('admin');
  return (
    <Alert
      color="teal"
      title={title}
      role="status"
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      <Stack gap="xs">
        <Text size="sm">{t('secret.copyNow')}</Text>
        {values.map((v) => (
          <Group key={v.id} gap="xs" wrap="nowrap">
            <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
              {t('secret.label', { label: v.label })}
            </Text>
            <Code data-testid={`secret-${v.id}`} style={{ wordBreak: 'break-all' }}>
              {v.value}
            </Code>
            <CopyButton value={v.value}>
              {({ copied, copy }) => (
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={copy}
                  aria-label={t('secret.copyLabel', { label: v.label })}
                >
                  {copied ? t('secret.copied') : t('secret.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        ))}
        <Group>
          <Button size="xs" variant="light" onClick={onDone}>
            {t('secret.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
