import { useQuery } from '@tanstack/react-query';
import { get } from './client.ts';
import type { List, Settings, Tag, TagCategory } from './types.ts';

export const useTags = (enabled = true) =>
  useQuery({
    queryKey: ['tags'],
    queryFn: () => get<List<Tag>>('/api/tags'),
    enabled,
    staleTime: 60_000,
  });

export const useTagCategories = () =>
  useQuery({ queryKey: ['tag-categories'], queryFn: () => get<List<TagCategory>>('/api/tag-categories') });

export const useSettings = () =>
  useQuery({ queryKey: ['settings'], queryFn: () => get<Settings>('/api/settings') });
