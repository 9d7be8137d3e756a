import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useLayoutEffect } from 'react';
import { applyLanguage, sessionLanguage } from '../i18n/index.ts';
import { ApiError, get, post, setSessionIdleMinutes, setUnauthorizedHandler } from './client.ts';
import type { Role, User } from './types.ts';

/** What each role may see in the app; the server enforces the same rules on every request. */
export const abilities = (role: Role) => ({
  clinical: role !== 'super-admin',
  delete: role === 'admin' || role === 'clinician',
  manageUsers: role === 'admin' || role === 'super-admin',
  manager: role === 'super-admin',
  manageTags: role === 'admin',
  sendToPacs: role === 'admin' || role === 'clinician',
  hold: role === 'admin',
});

/** Forgets the user and everything read as that user; the router then shows the sign-in page. */
export function forgetSession(client: QueryClient) {
  client.setQueryData(['me'], null);
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
}

interface SessionValue {
  user: User | null;
  loading: boolean;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const me = await get<{ user: User; sessionIdleMinutes?: number | null }>('/api/auth/me');
        setSessionIdleMinutes(me.sessionIdleMinutes ?? null);
        return me.user;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  useEffect(() => {
    setUnauthorizedHandler(() => forgetSession(client));
  }, [client]);
  // The user's own language once known (session load, sign-in, a change on My security), before the
  // screen is painted; without a choice, or signed out, the browser session's language.
  const language = me.data?.language ?? null;
  useLayoutEffect(() => {
    applyLanguage(language ?? sessionLanguage());
  }, [language]);
  const value: SessionValue = {
    user: me.data ?? null,
    loading: me.isPending,
    refresh: async () => {
      await client.invalidateQueries({ queryKey: ['me'] });
    },
    signOut: async () => {
      await post('/api/auth/logout').catch(() => undefined);
      forgetSession(client);
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in user; only used under the signed-in layout. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('no user');
  return user;
}
