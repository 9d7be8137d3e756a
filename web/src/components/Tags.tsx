import { Anchor, Badge, Group, MultiSelect, Skeleton, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('tags');
  const query = useTags();
  const canManage = abilities(useUser().role).manageTags;
  if (query.isPending) {
    return <Skeleton h={58} data-testid="tag-picker-loading" aria-label={t('picker.loading', { label })} />;
  }
  const tags = query.data?.items ?? [];
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const tag of tags) {
    const g = groups.get(tag.categoryName) ?? [];
    g.push({ value: tag.id, label: tag.name });
    groups.set(tag.categoryName, g);
  }
  // With nothing to pick, say where tags come from instead of an empty list.
  const empty =
    tags.length === 0 ? (
      canManage ? (
        <Text size="xs" span>
          {t('picker.none')}{' '}
          <Anchor component={Link} to="/tags" size="xs">
            {t('picker.create')}
          </Anchor>
        </Text>
      ) : (
        t('picker.noneAskAdmin')
      )
    ) : undefined;
  return (
    <MultiSelect
      label={label}
      placeholder={tags.length ? t('picker.pick') : t('picker.none')}
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
