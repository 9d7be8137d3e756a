import { Alert, Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get, post } from '../api/client.ts';
import type { DicomSend, DicomStatus, DicomTarget, List } from '../api/types.ts';

/**
 * DICOM for a patient (or one entry): download as DICOM, send to a PACS of the account with each
 * image's result, and (for a patient) ask the PACS which images it already holds.
 */
export function DicomPanel({
  patientId,
  entryId,
  canSend,
  onStatus,
}: {
  patientId: string;
  entryId?: string;
  canSend: boolean;
  onStatus?: (status: DicomStatus | undefined) => void;
}) {
  const targets = useQuery({
    queryKey: ['dicom-endpoints'],
    queryFn: () => get<List<DicomTarget>>('/api/dicom-endpoints'),
  });
  const [endpointId, setEndpointId] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<DicomSend | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState<DicomStatus | undefined>();
  const options = (targets.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }));
  const chosen = endpointId ?? options[0]?.value ?? null;
  const download = entryId ? `/api/entries/${entryId}/dicom` : `/api/patients/${patientId}/dicom`;

  const send = async () => {
    if (!chosen) return;
    setSending(true);
    setError(undefined);
    try {
      setResult(
        await post<DicomSend>(`/api/patients/${patientId}/dicom/send`, { endpointId: chosen, entryId }),
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not sent.');
    } finally {
      setSending(false);
    }
  };
  const check = async () => {
    if (!chosen) return;
    setChecking(true);
    try {
      const s = await get<DicomStatus>(`/api/patients/${patientId}/dicom/status`, { endpointId: chosen });
      setStatus(s);
      onStatus?.(s);
    } finally {
      setChecking(false);
    }
  };
  const held = status?.images.filter((i) => i.inPacs).length ?? 0;

  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          DICOM and PACS
        </Title>
        <Group gap="xs" align="flex-end">
          <Button component="a" href={download} variant="default" size="xs" download>
            {entryId ? 'Download entry as DICOM' : 'Download as DICOM'}
          </Button>
          {options.length > 0 && (
            <>
              <Select
                size="xs"
                label="PACS"
                data={options}
                value={chosen}
                onChange={setEndpointId}
                allowDeselect={false}
                w={200}
              />
              {canSend && (
                <Button size="xs" onClick={send} loading={sending}>
                  {entryId ? 'Send entry to PACS' : 'Send to PACS'}
                </Button>
              )}
              {onStatus && (
                <Button size="xs" variant="default" onClick={check} loading={checking}>
                  Check PACS
                </Button>
              )}
            </>
          )}
        </Group>
        {options.length === 0 && (
          <Text size="xs" c="dimmed">
            No PACS is configured for this practice (the Manager adds DICOMweb endpoints).
          </Text>
        )}
        {status && (
          <Text size="sm" data-testid="pacs-status">
            {status.reachable
              ? `${held} of ${status.images.length} images are in ${status.endpoint.name}.`
              : `${status.endpoint.name} could not be reached: ${status.error}.`}
          </Text>
        )}
      </Stack>
      <Modal
        opened={Boolean(result || error)}
        onClose={() => {
          setResult(undefined);
          setError(undefined);
        }}
        title="Sent to the PACS"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {error && <Alert color="red">{error}</Alert>}
        {result && <SendResults result={result} />}
      </Modal>
    </Paper>
  );
}

function SendResults({ result }: { result: DicomSend }) {
  return (
    <Stack>
      <Text size="sm">
        {result.sent} sent, {result.failed} failed to {result.endpoint.name}.
        {result.failed > 0 && ' Nothing was changed in Vellum: send again once the PACS answers.'}
      </Text>
      <Table aria-label="Result per image">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Image</Table.Th>
            <Table.Th>Result</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.results.map((r) => (
            <Table.Tr key={r.sopInstanceUid}>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {r.imageId.slice(0, 8)}
                </Text>
              </Table.Td>
              <Table.Td>
                {r.status === 'sent' ? (
                  <Badge color="green">sent</Badge>
                ) : (
                  <Text size="sm" c="red.9">
                    {r.error}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
