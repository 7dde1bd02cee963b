import { Command, Decider, Event, refuse } from '@cocrea/platform/domain/decider';
import type { Plan } from '../plans';
import { t } from '@cocrea/platform/i18n/text';

// CONTRACT shared with other contexts (keep these names and shapes): WorkingGroup state, workingGroupStream,
// workingGroupDecider.initialState/evolve.

export const MEMBER_ROLES = ['member', 'lead'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export type WorkingGroupEvent =
  | Event<'WorkingGroupFormed', { workingGroupId: string; planId: string; name: string; theme: string }>
  | Event<'MemberAdded', { workingGroupId: string; userId: string; role: MemberRole }>
  | Event<'MemberRoleChanged', { workingGroupId: string; userId: string; from: MemberRole; to: MemberRole }>
  | Event<'MemberRemoved', { workingGroupId: string; userId: string; reason?: string }>;

export type WorkingGroupCommand =
  /** `context.plan` is the state of the plan the group is formed in, read from its stream. */
  | Command<'FormWorkingGroup', { workingGroupId: string; planId: string; name: string; theme: string }, { plan: Plan }>
  | Command<'AddMember', { workingGroupId: string; userId: string; role: MemberRole }>
  | Command<'RemoveMember', { workingGroupId: string; userId: string; reason?: string }>;

export type WorkingGroup =
  | { status: 'absent' }
  | { status: 'active'; workingGroupId: string; planId: string; name: string; theme: string; members: Record<string, MemberRole> };

export const WORKING_GROUP_CATEGORY = 'workingGroup';
export const workingGroupStream = (workingGroupId: string) => `${WORKING_GROUP_CATEGORY}-${workingGroupId}`;

/** Whether a user is currently a member (any role) of the group. */
export const isMemberOf = (group: WorkingGroup, userId: string): boolean =>
  group.status === 'active' && Object.prototype.hasOwnProperty.call(group.members, userId);

const notFound = (workingGroupId: string): never => refuse('not-found', t`working group ${workingGroupId} not found`);

export const workingGroupDecider: Decider<WorkingGroup, WorkingGroupCommand, WorkingGroupEvent> = {
  initialState: () => ({ status: 'absent' }),

  decide(command, state) {
    switch (command.type) {
      case 'FormWorkingGroup': {
        const group = command.data;
        const { plan } = command.context;
        if (state.status !== 'absent') return refuse('working-group-exists', t`working group ${group.workingGroupId} already exists`);
        if (plan.status === 'absent' || plan.planId !== group.planId) return refuse('not-found', t`plan ${group.planId} not found`);
        const name = group.name.trim();
        if (name.length === 0) return refuse('name-required', t`name must not be blank`);
        // A group works on one of the plan's thematic lines, so its proposals can be traced back to a theme.
        if (!plan.themes.includes(group.theme)) {
          return refuse('unknown-theme', t`theme "${group.theme}" is not one of the plan's themes: ${plan.themes.join(', ')}`);
        }
        return [{ type: 'WorkingGroupFormed', data: { ...group, name } }];
      }
      case 'AddMember': {
        if (state.status === 'absent') return notFound(command.data.workingGroupId);
        const { userId, role } = command.data;
        const current = isMemberOf(state, userId) ? state.members[userId] : undefined;
        if (current === role) return [];
        if (current !== undefined) {
          return [{ type: 'MemberRoleChanged', data: { workingGroupId: state.workingGroupId, userId, from: current, to: role } }];
        }
        return [{ type: 'MemberAdded', data: { workingGroupId: state.workingGroupId, userId, role } }];
      }
      case 'RemoveMember': {
        if (state.status === 'absent') return notFound(command.data.workingGroupId);
        const { userId, reason } = command.data;
        if (!isMemberOf(state, userId)) {
          return refuse('not-found', t`${userId} is not a member of working group ${state.workingGroupId}`);
        }
        return [
          { type: 'MemberRemoved', data: { workingGroupId: state.workingGroupId, userId, ...(reason === undefined ? {} : { reason }) } },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'WorkingGroupFormed':
        return { status: 'active', ...event.data, members: {} };
      case 'MemberAdded':
        return state.status === 'active' ? { ...state, members: { ...state.members, [event.data.userId]: event.data.role } } : state;
      case 'MemberRoleChanged':
        return state.status === 'active' ? { ...state, members: { ...state.members, [event.data.userId]: event.data.to } } : state;
      case 'MemberRemoved': {
        if (state.status !== 'active') return state;
        const { [event.data.userId]: _, ...members } = state.members;
        return { ...state, members };
      }
    }
  },
};
