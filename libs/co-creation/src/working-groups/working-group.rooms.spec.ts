import { roomsOfEvent } from '@cocrea/platform/live/rooms';
import { readModelsWith, recorded } from '@cocrea/platform/live/testing';
import type { Actor } from '@cocrea/platform';
import { WORKING_GROUPS } from './working-group.projection';
import { workingGroupRooms } from './working-group.rooms';

const GROUP = '22222222-2222-4222-8222-222222222222';
const actor = (id: string, ...roles: Actor['roles']): Actor => ({ id, name: id, roles });

describe('working-group rooms', () => {
  it('puts a working group’s events in its own room', () => {
    expect(roomsOfEvent(workingGroupRooms, recorded(`workingGroup-${GROUP}`, 'MemberAdded'), undefined)).toEqual([
      `working-group:${GROUP}`,
    ]);
  });

  it('open to the group’s members, moderators and admins, from the working groups read model', () => {
    const models = readModelsWith({ [WORKING_GROUPS]: { [GROUP]: { id: GROUP, members: [{ userId: 'ana', role: 'member' }] } } });
    const refusal = (who: Actor, id = GROUP) => workingGroupRooms.refusal!(who, id, models)?.toString();
    expect([refusal(actor('ana', 'member')), refusal(actor('mod-1', 'moderator')), refusal(actor('admin-1', 'admin'))]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(refusal(actor('olga', 'member'))).toBe('working-group rooms are for the group’s members, moderators and admins');
    expect(refusal(actor('citizen-1', 'participant'))).toBe('working-group rooms are for the group’s members, moderators and admins');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(refusal(actor('mod-1', 'moderator'), unknown)).toBe(`working-group ${unknown} not found`);
  });

  it('asks again who may be in the room when a member is removed, and only then', () => {
    const changed = (type: string) =>
      workingGroupRooms.refusalsChangedBy!(recorded(`workingGroup-${GROUP}`, type, { workingGroupId: GROUP, userId: 'ana' }));
    expect(changed('MemberRemoved')).toBe(GROUP);
    expect(['WorkingGroupFormed', 'MemberAdded', 'MemberRoleChanged'].map(changed)).toEqual([undefined, undefined, undefined]);
  });
});
