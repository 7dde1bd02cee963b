import type { RecordedEvent } from '@cocrea/event-store';
import { touchedBy, type Projection, type ReadModelWriter } from '@cocrea/platform';
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

export const workingGroupProjection: Projection = {
  name: 'working-groups',
  categories: [WORKING_GROUP_CATEGORY],
  indexes: [
    { collection: WORKING_GROUPS, fields: [] },
    { collection: WORKING_GROUPS, fields: ['planId'] },
  ],
  apply(recorded: RecordedEvent, models: ReadModelWriter) {
    const event = recorded as unknown as WorkingGroupEvent & RecordedEvent;
    const touched = touchedBy(recorded);
    const change = (members: (current: WorkingGroupMemberView[]) => WorkingGroupMemberView[]) =>
      models.update<WorkingGroupView>(WORKING_GROUPS, event.data.workingGroupId, (group) => ({ ...group, members: members(group.members), ...touched }));
    switch (event.type) {
      case 'WorkingGroupFormed': {
        const { workingGroupId, ...fields } = event.data;
        models.put<WorkingGroupView>(WORKING_GROUPS, workingGroupId, {
          id: workingGroupId,
          ...fields,
          members: [],
          createdBy: recorded.metadata.actorId ?? 'unknown',
          createdAt: recorded.recordedAt,
          ...touched,
        });
        return;
      }
      case 'MemberAdded':
        change((members) => [...members, { userId: event.data.userId, role: event.data.role, since: recorded.recordedAt }]);
        return;
      case 'MemberRoleChanged':
        change((members) => members.map((m) => (m.userId === event.data.userId ? { ...m, role: event.data.to } : m)));
        return;
      case 'MemberRemoved':
        change((members) => members.filter((m) => m.userId !== event.data.userId));
        return;
    }
  },
};
