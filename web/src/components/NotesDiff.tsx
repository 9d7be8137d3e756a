import { Box, Text } from '@mantine/core';
import { diffWords } from 'diff';
import { useTranslation } from 'react-i18next';

// Dark text on light tints: well above the 4.5:1 contrast small text needs.
const added = { background: '#d3f9d8', color: '#14532d' };
const removed = { background: '#ffe3e3', color: '#7f1d1d' };

/** What changed in a text, word by word: removed words struck through, added ones underlined. */
export function NotesDiff({ before, after, label }: { before: string; after: string; label: string }) {
  const { t } = useTranslation('history');
  let offset = 0;
  // Keyed by where each part starts in the combined text: unique within one diff.
  const parts = diffWords(before, after).map((p) => {
    const key = `${offset}-${p.added ? 'a' : p.removed ? 'r' : 's'}`;
    offset += p.value.length;
    return { ...p, key };
  });
  return (
    <Box data-testid="notes-diff">
      <Text size="sm" fw={600} mb={4}>
        {t('notesDiff.title', { label })}
      </Text>
      <Text size="sm" component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {parts.map((p) =>
          p.added ? (
            <ins key={p.key} style={added}>
              {p.value}
            </ins>
          ) : p.removed ? (
            <del key={p.key} style={removed}>
              {p.value}
            </del>
          ) : (
            <span key={p.key}>{p.value}</span>
          ),
        )}
      </Text>
    </Box>
  );
}
