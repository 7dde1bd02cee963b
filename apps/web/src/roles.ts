import type { SessionUserDto } from './api';

/** The roles a user can hold, as the API names them. */
export const ROLES: ReadonlyArray<SessionUserDto['roles'][number]> = ['participant', 'member', 'moderator', 'auditor', 'admin'];
