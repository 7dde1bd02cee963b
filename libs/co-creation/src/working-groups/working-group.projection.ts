import { projection, touchedBy } from '@cocrea/platform';
import { MemberRole, WorkingGroupEvent, WORKING_GROUP_CATEGORY } from './working-group.decider';

export const WORKING_GROUPS = 'working-groups';

export interface WorkingGroupMemberView {
  userId: string;
  role: MemberRole;
  /** When the user joined the group (a role change keeps it). */
  since: string;
}

export interface WorkingGroupView {
  id: string;
  planId: string;
  name: string;
  theme: string;
  members: WorkingGroupMemberView[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
  position: number;
}

export const workingGroupProjection = projection<WorkingGroupEvent>({
  name: 'working-groups',
  categories: [WORKING_GROUP_CATEGORY],
  indexes: [
    { collection: WORKING_GROUPS, fields: [] },
    { collection: WORKING_GROUPS, fields: ['planId'] },
  ],
  apply(event, models) {
    const touched = touchedBy(event);
    const change = (members: (current: WorkingGroupMemberView[]) => WorkingGroupMemberView[]) =>
      models.update<WorkingGroupView>(WORKING_GROUPS, event.data.workingGroupId, (group) => ({
        ...group,
        members: members(group.members),
        ...touched,
      }));
    switch (event.type) {
      case 'WorkingGroupFormed': {
        const { workingGroupId, ...fields } = event.data;
        models.put<WorkingGroupView>(WORKING_GROUPS, workingGroupId, {
          id: workingGroupId,
          ...fields,
          members: [],
          createdBy: event.metadata.actorId ?? 'unknown',
          createdAt: event.recordedAt,
          ...touched,
        });
        return;
      }
      case 'MemberAdded':
        change((members) => [...members, { userId: event.data.userId, role: event.data.role, since: event.recordedAt }]);
        return;
      case 'MemberRoleChanged':
        change((members) => members.map((m) => (m.userId === event.data.userId ? { ...m, role: event.data.to } : m)));
        return;
      case 'MemberRemoved':
        change((members) => members.filter((m) => m.userId !== event.data.userId));
        return;
    }
  },
});
