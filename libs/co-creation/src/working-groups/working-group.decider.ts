import { Decider, Event, refuse } from '@cocrea/platform/domain/decider';

// CONTRACT shared with other contexts (keep these names and shapes): WorkingGroup state, workingGroupStream,
// workingGroupDecider.initialState/evolve. The decide rules are filled in by the working-groups feature.

export const MEMBER_ROLES = ['member', 'lead'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export type WorkingGroupEvent =
  | Event<'WorkingGroupFormed', { workingGroupId: string; planId: string; name: string; theme: string }>
  | Event<'MemberAdded', { workingGroupId: string; userId: string; role: MemberRole }>
  | Event<'MemberRoleChanged', { workingGroupId: string; userId: string; from: MemberRole; to: MemberRole }>
  | Event<'MemberRemoved', { workingGroupId: string; userId: string; reason?: string }>;

export type WorkingGroupCommand =
  | { type: 'FormWorkingGroup'; data: { workingGroupId: string; planId: string; name: string; theme: string } }
  | { type: 'AddMember'; data: { workingGroupId: string; userId: string; role: MemberRole } }
  | { type: 'RemoveMember'; data: { workingGroupId: string; userId: string; reason?: string } };

export type WorkingGroup =
  | { status: 'absent' }
  | { status: 'active'; workingGroupId: string; planId: string; name: string; theme: string; members: Record<string, MemberRole> };

export const workingGroupStream = (workingGroupId: string) => `workingGroup-${workingGroupId}`;

export const workingGroupDecider: Decider<WorkingGroup, WorkingGroupCommand, WorkingGroupEvent> = {
  initialState: () => ({ status: 'absent' }),
  decide(command, state) {
    void state;
    return refuse('not-implemented', `${command.type} is not implemented yet`);
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
