import { Anchor, Badge, Group, MultiSelect, Skeleton, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTags } from '../api/queries.ts';
import { abilities, useUser } from '../api/session.tsx';
import type { Tag } from '../api/types.ts';

/** Black or white, whichever reads better on the category's color (WCAG relative luminance). */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#000' : '#fff';
}

/** Tags as chips in their category's color. */
export function TagChips({ ids, tags }: { ids: string[]; tags?: Tag[] }) {
  const all = useTags(!tags).data?.items;
  const byId = new Map((tags ?? all ?? []).map((t) => [t.id, t]));
  const shown = ids.map((id) => byId.get(id)).filter((t): t is Tag => Boolean(t));
  if (shown.length === 0) return null;
  return (
    <Group gap={4}>
      {shown.map((t) => (
        <Badge
          key={t.id}
          color={t.color}
          c={textOn(t.color)}
          variant="filled"
          size="sm"
          title={t.categoryName}
        >
          {t.name}
        </Badge>
      ))}
    </Group>
  );
}

/** Picks tags, grouped by category. */
export function TagPicker({
  label,
  value,
  onChange,
  disabled,
}: {
  label: string;
  value: string[];
  onChange: (ids: string[]) => void;
  disabled?: boolean;
}) {
  const query = useTags();
  const canManage = abilities(useUser().role).manageTags;
  if (query.isPending) {
    return <Skeleton h={58} data-testid="tag-picker-loading" aria-label={`${label}: loading`} />;
  }
  const tags = query.data?.items ?? [];
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const t of tags) {
    const g = groups.get(t.categoryName) ?? [];
    g.push({ value: t.id, label: t.name });
    groups.set(t.categoryName, g);
  }
  // With nothing to pick, say where tags come from instead of an empty list.
  const empty =
    tags.length === 0 ? (
      canManage ? (
        <Text size="xs" span>
          No tags defined yet.{' '}
          <Anchor component={Link} to="/tags" size="xs">
            Create tags
          </Anchor>
        </Text>
      ) : (
        'No tags defined yet: your account admin creates them on the Tags page.'
      )
    ) : undefined;
  return (
    <MultiSelect
      label={label}
      placeholder={tags.length ? 'Pick tags' : 'No tags defined yet'}
      description={empty}
      data={[...groups].map(([group, items]) => ({ group, items }))}
      value={value}
      onChange={onChange}
      searchable
      clearable
      disabled={disabled}
    />
  );
}
