import { Button, Code, CopyButton, Group, Text } from '@mantine/core';

/** A record's ID, small and copyable: what an operator needs to expunge the record on request. */
export function RecordId({ id }: { id: string }) {
  return (
    <Group gap={6} wrap="nowrap" data-testid="record-id">
      <Text size="xs" c="dimmed" component="span">
        Record ID
      </Text>
      <Code fz="xs" style={{ overflowWrap: 'anywhere' }}>
        {id}
      </Code>
      <CopyButton value={id}>
        {({ copied, copy }) => (
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={copy}
            aria-label={copied ? 'Record ID copied' : 'Copy record ID'}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
