// SMART on FHIR system scopes (Backend Services): `system/<Type|*>.<cruds>` (v2) and the v1 forms
// `system/<Type|*>.read|write|*`. Each scope grants some of c(reate) r(ead) u(pdate) d(elete)
// s(earch) on one resource type or on all.

export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

export interface Scope {
  type: string;
  permissions: Set<Permission>;
}

const V2 = /^system\/(\*|[A-Z][A-Za-z]{1,63})\.(c?r?u?d?s?)$/;
const V1 = /^system\/(\*|[A-Z][A-Za-z]{1,63})\.(read|write|\*)$/;
const V1_PERMISSIONS: Record<string, Permission[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};

/** One scope, or undefined when it is not a system scope this server grants. */
export function parseScope(text: string): Scope | undefined {
  const v2 = V2.exec(text);
  if (v2?.[2]) return { type: v2[1] as string, permissions: new Set(v2[2].split('') as Permission[]) };
  const v1 = V1.exec(text);
  if (v1) return { type: v1[1] as string, permissions: new Set(V1_PERMISSIONS[v1[2] as string]) };
  return undefined;
}

/** A space-separated scope list: the scopes and the words that are not scopes this server knows. */
export function parseScopes(text: string): { scopes: string[]; unknown: string[] } {
  const words = [...new Set(text.split(/\s+/).filter(Boolean))];
  return {
    scopes: words.filter((w) => parseScope(w)),
    unknown: words.filter((w) => !parseScope(w)),
  };
}

/** Whether the granted scopes allow this permission on this resource type. */
export function scopesAllow(granted: readonly string[], type: string, permission: Permission): boolean {
  return granted.some((text) => {
    const s = parseScope(text);
    return Boolean(s && (s.type === '*' || s.type === type) && s.permissions.has(permission));
  });
}

/**
 * What a token request gets: the requested scopes the client was registered with (a request
 * naming none gets them all). A requested scope is granted when a registered one covers it.
 */
export function grantedScopes(registered: readonly string[], requested: string | undefined): string[] {
  if (!requested?.trim()) return [...registered];
  return parseScopes(requested).scopes.filter((text) => {
    const s = parseScope(text) as Scope;
    return [...s.permissions].every((p) =>
      registered.some((r) => {
        const g = parseScope(r);
        return Boolean(g && (g.type === '*' || g.type === s.type) && g.permissions.has(p));
      }),
    );
  });
}
