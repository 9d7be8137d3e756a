import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { get, post } from '../api/client.ts';
import type { Consent, List, Patient } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';
import { SignatureField } from './SignatureField.tsx';

/** The banner the consent level asks for when no consent is active. */
export function ConsentBanner({
  patient,
  onPatientPage = true,
}: {
  patient: Patient;
  onPatientPage?: boolean;
}) {
  if (!patient.consent.banner) return null;
  const required = patient.consent.level === 'required';
  return (
    <Alert
      color={required ? 'red' : 'yellow'}
      title={required ? 'Consent required' : 'No photography consent'}
    >
      {required
        ? `Photography consent is required before images can be uploaded for this patient. Record it ${onPatientPage ? 'in the Photography consent panel of this page' : "on the patient's page"}.`
        : 'This patient has no active photography consent. Consider recording it before taking photos.'}
    </Alert>
  );
}

export function ConsentPanel({ patient }: { patient: Patient }) {
  const client = useQueryClient();
  const [opened, modal] = useDisclosure(false);
  const [revoking, revokeModal] = useDisclosure(false);
  const consents = useQuery({
    queryKey: ['consents', patient.id],
    queryFn: () => get<List<Consent>>(`/api/patients/${patient.id}/consents`),
  });
  const active = consents.data?.items.find((c) => c.status === 'active');
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['consents', patient.id] });
    await client.invalidateQueries({ queryKey: ['patient', patient.id] });
  };
  const status = patient.consent.status;
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Photography consent
          </Title>
          <Badge
            // Colours dark enough for white text; "none" is plain.
            color={status === 'active' ? 'vellum' : status === 'revoked' ? 'red.9' : 'gray'}
            variant={status === 'none' ? 'default' : 'filled'}
          >
            {status === 'active' ? 'Active' : status === 'revoked' ? 'Revoked' : 'None recorded'}
          </Badge>
        </Group>
        {active && (
          <Text size="sm">
            Recorded {fmtDateTime(active.recordedAt)} (
            {active.method === 'signature' ? 'drawn signature' : active.method})
            {active.note ? ` — ${active.note}` : ''}
          </Text>
        )}
        <Group>
          <Button size="xs" onClick={modal.open}>
            Record consent
          </Button>
          {active && (
            <Button size="xs" variant="default" onClick={revokeModal.open}>
              Revoke consent
            </Button>
          )}
        </Group>
      </Stack>
      <RecordConsentModal patientId={patient.id} opened={opened} onClose={modal.close} onDone={refresh} />
      {active && (
        <RevokeConsentModal
          consentId={active.id}
          level={patient.consent.level}
          opened={revoking}
          onClose={revokeModal.close}
          onDone={refresh}
        />
      )}
    </Paper>
  );
}

function RecordConsentModal({
  patientId,
  opened,
  onClose,
  onDone,
}: {
  patientId: string;
  opened: boolean;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const [tab, setTab] = useState<string | null>('signature');
  const [signature, setSignature] = useState<string | null>(null);
  const [method, setMethod] = useState<string | null>('verbal');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const onSignature = useCallback((s: string | null) => setSignature(s), []);
  async function save() {
    setError(null);
    try {
      await post(
        `/api/patients/${patientId}/consents`,
        tab === 'signature'
          ? { method: 'signature', signature, ...(note ? { note } : {}) }
          : { method, ...(note ? { note } : {}) },
      );
      notifications.show({ color: 'vellum', message: 'Consent recorded.' });
      setNote('');
      setSignature(null);
      onClose();
      await onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not recorded.');
    }
  }
  return (
    <Modal opened={opened} onClose={onClose} title="Record photography consent" size="lg">
      <Stack>
        <Tabs value={tab} onChange={setTab}>
          <Tabs.List>
            <Tabs.Tab value="signature">Drawn signature</Tabs.Tab>
            <Tabs.Tab value="external">Verified externally</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="signature" pt="sm">
            {opened && tab === 'signature' && <SignatureField onChange={onSignature} />}
          </Tabs.Panel>
          <Tabs.Panel value="external" pt="sm">
            <Select
              label="How consent was given"
              allowDeselect={false}
              data={[
                { value: 'verbal', label: 'Verbal' },
                { value: 'written', label: 'Written (on paper)' },
                { value: 'other', label: 'Other' },
              ]}
              value={method}
              onChange={setMethod}
            />
          </Tabs.Panel>
        </Tabs>
        <Textarea label="Note (optional)" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={save} disabled={tab === 'signature' && !signature}>
            Save consent
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const AFTER_REVOKE = {
  disabled: 'The practice does not check consent, so nothing else changes.',
  advisory: 'The patient, entry and image pages show the no-consent banner again.',
  required: "Uploads to this patient's image pool are refused until consent is recorded again.",
} as const;

/** Revoking is recorded and logged; the note says why (optional). */
function RevokeConsentModal({
  consentId,
  level,
  opened,
  onClose,
  onDone,
}: {
  consentId: string;
  level: Patient['consent']['level'];
  opened: boolean;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function revoke() {
    setError(null);
    try {
      await post(`/api/consents/${consentId}/revoke`, note ? { note } : {});
      notifications.show({ message: 'Consent revoked.' });
      setNote('');
      onClose();
      await onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not revoked.');
    }
  }
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Revoke photography consent"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack>
        <Text size="sm">The revocation is recorded with your name and the time. {AFTER_REVOKE[level]}</Text>
        <Textarea label="Reason (optional)" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red.8" onClick={revoke}>
            Revoke consent
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
