import { isModerator } from '@cocrea/platform/auth/actor';
import { liveRooms, roomOfStream } from '@cocrea/platform/live/rooms';
import { WORKING_GROUP_CATEGORY, type WorkingGroupEvent } from './working-group.decider';
import { WORKING_GROUPS, type WorkingGroupView } from './working-group.projection';
import { t } from '@cocrea/platform/i18n/text';

const KIND = 'working-group';
export const workingGroupRoom = (workingGroupId: string) => `${KIND}:${workingGroupId}`;

/** A working group's room: its membership and its proposals' work, open to its members, moderators and admins. */
export const workingGroupRooms = liveRooms<WorkingGroupEvent>({
  kind: KIND,
  category: WORKING_GROUP_CATEGORY,
  roomsOf: (event) => [roomOfStream(KIND, event.streamId)],
  refusal: (actor, id, models) => {
    const group = models.get<WorkingGroupView>(WORKING_GROUPS, id);
    if (!group) return t`working-group ${id} not found`;
    if (!isModerator(actor) && !group.members.some((member) => member.userId === actor.id)) {
      return t`working-group rooms are for the group’s members, moderators and admins`;
    }
    return undefined;
  },
  // A removed member leaves the room at once, not when they next reconnect.
  refusalsChangedBy: (event) => (event.type === 'MemberRemoved' ? event.data.workingGroupId : undefined),
});
