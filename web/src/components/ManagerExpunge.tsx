import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  List,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, post } from '../api/client.ts';
import type { ExpungeResult } from '../api/types.ts';
import { plural } from '../format.ts';
import { ConfirmPhraseModal } from './ConfirmPhraseModal.tsx';

type Kind = 'patient' | 'entry' | 'image';

const KINDS: readonly (readonly [Kind, string, string])[] = [
  ['patient', 'Patient', 'the patient record, its history and its activity'],
  ['entry', 'Entry', 'one visit with its history; the patient keeps its images'],
  ['image', 'Image', 'one photo with its stored files; entries that showed it no longer do'],
];

const PATHS: Record<Kind, string> = { patient: 'patients', entry: 'entries', image: 'images' };

// Record ids are UUIDs; anything else cannot name a record, so it is refused here in words.
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NOT_AN_ID =
  'This is not a Record ID. A Record ID has 36 characters, like 0b7c6a52-1f3e-4d2a-9c41-5e8f0a1b2c3d.';

type Outcome =
  | { kind: 'done'; what: Kind; expunged: ExpungeResult['expunged'] }
  | { kind: 'not_found' }
  | { kind: 'has_dependents'; entries: number; images: number; consents: number };

/**
 * Expunge: one record removed for good, by the Record ID the practice reads from its page (the
 * super administrator cannot open clinical records). The typed phrase is a guard in this page only:
 * the API takes no confirmation.
 */
export function ManagerExpunge() {
  const client = useQueryClient();
  const [kind, setKind] = useState<Kind>('patient');
  const [typedId, setTypedId] = useState('');
  const [everything, setEverything] = useState(false);
  const [idError, setIdError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const label = KINDS.find(([k]) => k === kind)?.[1] ?? '';

  function ask(e: FormEvent) {
    e.preventDefault();
    const id = typedId.trim().toLowerCase();
    if (!RECORD_ID.test(id)) {
      setIdError(NOT_AN_ID);
      return;
    }
    setIdError(null);
    setOutcome(null);
    setConfirming(id);
  }

  async function expunge(id: string) {
    const query = kind === 'patient' ? `?everything=${everything}` : '';
    try {
      const r = await post<ExpungeResult>(`/api/${PATHS[kind]}/${id}/expunge${query}`);
      setOutcome({ kind: 'done', what: kind, expunged: r.expunged });
      setTypedId('');
      setEverything(false);
      await client.invalidateQueries({ queryKey: ['audit'] });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 404) setOutcome({ kind: 'not_found' });
      else if (err.code === 'has_dependents') {
        const d = err.details as { entries?: number; images?: number; consents?: number };
        setOutcome({
          kind: 'has_dependents',
          entries: d.entries ?? 0,
          images: d.images ?? 0,
          consents: d.consents ?? 0,
        });
      } else if (err.status === 422) setIdError(NOT_AN_ID);
      // Anything else (offline, a server error) stays in the dialog, to try again.
      else throw err;
    }
    setConfirming(null);
  }

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          Expunge a record
        </Title>
        <Text size="sm">
          Removes one patient, entry or image at once and for good, with its history and stored files, as the
          practice asks. You cannot open clinical records, so ask the practice for the record's{' '}
          <strong>Record ID</strong>: it is shown on the patient, entry or image page.
        </Text>
        <Alert color="red" title="This cannot be undone">
          Expunging is not a deletion: the deletion policy and the retention period do not apply, and the
          record never appears among the deleted records. Only restoring a backup brings it back.
        </Alert>
        <form onSubmit={ask} noValidate>
          <Stack>
            <Radio.Group
              label="Kind of record"
              value={kind}
              onChange={(v) => {
                setKind(v as Kind);
                setOutcome(null);
              }}
            >
              <Stack gap="xs" mt="xs">
                {KINDS.map(([value, name, meaning]) => (
                  <Radio key={value} value={value} label={name} description={meaning} />
                ))}
              </Stack>
            </Radio.Group>
            <TextInput
              label="Record ID"
              description="Paste the Record ID the practice copied from the record's page."
              autoComplete="off"
              spellCheck={false}
              maw={480}
              value={typedId}
              error={idError}
              onChange={(e) => {
                setTypedId(e.currentTarget.value);
                setIdError(null);
                setOutcome(null);
              }}
            />
            {kind === 'patient' && (
              <Checkbox
                label="Everything in the patient's record"
                description="Also its entries, images and consents (deleted ones included), every stored file (photos, previews, thumbnails, signatures) and its activity in the audit log. Without this, a patient that still has entries, images or consents is refused and nothing is removed."
                checked={everything}
                onChange={(e) => setEverything(e.currentTarget.checked)}
              />
            )}
            <Group>
              <Button type="submit" color="red.8" disabled={typedId.trim() === ''}>
                Expunge…
              </Button>
            </Group>
          </Stack>
        </form>
        {outcome && <OutcomeAlert outcome={outcome} />}
      </Stack>
      {confirming && (
        <ConfirmPhraseModal
          opened
          onClose={() => setConfirming(null)}
          title={`Expunge ${label.toLowerCase()}`}
          phrase={`expunge ${confirming}`}
          action={`Expunge the ${label.toLowerCase()} for good`}
          onConfirm={() => expunge(confirming)}
        >
          <Alert color="red" title="Permanent, whatever the deletion policy">
            <Text size="sm">This removes at once and for good, active or already deleted:</Text>
            <List size="sm" mt={4}>
              <List.Item>
                the {label.toLowerCase()} <Code>{confirming}</Code> with all its versions;
              </List.Item>
              {kind === 'image' && <List.Item>its stored files (original, preview, thumbnail);</List.Item>}
              {kind === 'patient' && everything && (
                <List.Item>its entries, images and consents, their stored files and their history;</List.Item>
              )}
              <List.Item>
                the content of its activity; the audit log records the expunge itself, with the counts only.
              </List.Item>
            </List>
            <Text size="sm" mt={4}>
              Nothing can recover it except restoring a backup.
            </Text>
          </Alert>
        </ConfirmPhraseModal>
      )}
    </Paper>
  );
}

function OutcomeAlert({ outcome }: { outcome: Outcome }) {
  switch (outcome.kind) {
    case 'done':
      return (
        <Alert
          color="vellum"
          role="status"
          title={`${KINDS.find(([k]) => k === outcome.what)?.[1]} expunged`}
          data-testid="expunge-result"
        >
          {describeExpunged(outcome.expunged)}
        </Alert>
      );
    case 'not_found':
      return (
        <Alert color="orange" role="alert" title="No record with this ID" data-testid="expunge-result">
          Nothing was removed. Check the kind of record and the Record ID with the practice.
        </Alert>
      );
    case 'has_dependents':
      return (
        <Alert
          color="orange"
          role="alert"
          title="This patient still has records"
          data-testid="expunge-result"
        >
          It has {plural(outcome.entries, 'entry', 'entries')}, {plural(outcome.images, 'image', 'images')}{' '}
          and {plural(outcome.consents, 'consent', 'consents')} (deleted ones included), so nothing was
          removed. To remove the patient with all of them, tick "Everything in the patient's record" and
          expunge again.
        </Alert>
      );
  }
}

/** "Removed for good: 1 patient, 2 entries, …": every count the server returned, in words. */
export function describeExpunged(e: ExpungeResult['expunged']): string {
  return `Removed for good: ${[
    plural(e.patients, 'patient', 'patients'),
    plural(e.entries, 'entry', 'entries'),
    plural(e.images, 'image', 'images'),
    plural(e.consents, 'consent', 'consents'),
    plural(e.files, 'stored file', 'stored files'),
    plural(e.versions, 'version of history', 'versions of history'),
  ].join(
    ', ',
  )}, and the content of ${plural(e.logs, 'activity event', 'activity events')} (the audit chain keeps their place).`;
}
