import type { Text } from '../i18n/text';
export const ROLES = ['admin', 'moderator', 'member', 'participant', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The person behind a request, from the token's `sub`, `name` and `roles` claims. */
export interface Actor {
  id: string;
  name: string;
  roles: Role[];
}

export class InvalidTokenError extends Error {
  constructor(readonly text: Text) {
    super(String(text));
  }
}

export const hasAnyRole = (actor: Actor, roles: readonly Role[]): boolean => actor.roles.some((r) => roles.includes(r));

/** Moderators and admins oversee every context: one check wherever a rule or a view depends on it. */
export const isModerator = (actor: { readonly roles: readonly string[] } | undefined): boolean =>
  actor !== undefined && actor.roles.some((role) => role === 'moderator' || role === 'admin');
