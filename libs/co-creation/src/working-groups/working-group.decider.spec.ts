import { DeciderSpecification } from '@cocrea/platform/testing/decider-specification';
import type { Plan } from '../plans';
import { WorkingGroupEvent, isMemberOf, workingGroupDecider } from './working-group.decider';

const spec = DeciderSpecification.for(workingGroupDecider);
const plan: Plan = { status: 'created', planId: 'p1', title: 'III Plan', themes: ['transparency', 'justice'], phase: 'co-creation' };
const formed: WorkingGroupEvent = {
  type: 'WorkingGroupFormed',
  data: { workingGroupId: 'wg1', planId: 'p1', name: 'Mesa de transparencia', theme: 'transparency' },
};
const anaJoined: WorkingGroupEvent = { type: 'MemberAdded', data: { workingGroupId: 'wg1', userId: 'ana', role: 'member' } };
const form = ({ plan: planNow = plan, ...overrides }: Partial<{ name: string; theme: string; planId: string; plan: Plan }> = {}) => ({
  type: 'FormWorkingGroup' as const,
  data: { ...formed.data, ...overrides },
  context: { plan: planNow },
});

describe('working group decider', () => {
  describe('forming a group', () => {
    it('forms a group on one of the plan themes', () => spec.given([]).when(form()).then([formed]));

    it('trims the name', () =>
      spec
        .given([])
        .when(form({ name: '  Mesa de transparencia ' }))
        .then([formed]));

    it('refuses a blank name', () =>
      spec
        .given([])
        .when(form({ name: '   ' }))
        .thenThrows('name-required'));

    it('refuses a theme that is not one of the plan themes, naming them', () =>
      spec
        .given([])
        .when(form({ theme: 'sports' }))
        .thenThrows('unknown-theme', (error) => expect(error.message).toMatch(/sports.*transparency, justice/)));

    it('refuses a plan that does not exist', () =>
      spec
        .given([])
        .when(form({ plan: { status: 'absent' } }))
        .thenThrows('not-found'));

    it('refuses when the loaded plan is another one than the group names', () =>
      spec
        .given([])
        .when(form({ planId: 'p2' }))
        .thenThrows('not-found'));

    it('refuses to form the same group twice', () => spec.given([formed]).when(form()).thenThrows('working-group-exists'));
  });

  describe('members', () => {
    const add = (userId: string, role: 'member' | 'lead') => ({
      type: 'AddMember' as const,
      data: { workingGroupId: 'wg1', userId, role },
    });

    it('adds a member with a role', () => spec.given([formed]).when(add('ana', 'member')).then([anaJoined]));

    it('does nothing when the member already has that role', () =>
      spec.given([formed, anaJoined]).when(add('ana', 'member')).thenNothingHappens());

    it('changes the role of an existing member', () =>
      spec
        .given([formed, anaJoined])
        .when(add('ana', 'lead'))
        .then([{ type: 'MemberRoleChanged', data: { workingGroupId: 'wg1', userId: 'ana', from: 'member', to: 'lead' } }]));

    it('adds again a member who was removed', () =>
      spec
        .given([formed, anaJoined, { type: 'MemberRemoved', data: { workingGroupId: 'wg1', userId: 'ana' } }])
        .when(add('ana', 'lead'))
        .then([{ type: 'MemberAdded', data: { workingGroupId: 'wg1', userId: 'ana', role: 'lead' } }]));

    it('treats user ids that look like object properties as plain ids', () =>
      spec
        .given([formed])
        .when(add('constructor', 'member'))
        .then([{ type: 'MemberAdded', data: { workingGroupId: 'wg1', userId: 'constructor', role: 'member' } }]));

    it('refuses to add a member to a group that does not exist', () => spec.given([]).when(add('ana', 'member')).thenThrows('not-found'));

    it('removes a member, keeping the reason', () =>
      spec
        .given([formed, anaJoined])
        .when({ type: 'RemoveMember', data: { workingGroupId: 'wg1', userId: 'ana', reason: 'left the entity' } })
        .then([{ type: 'MemberRemoved', data: { workingGroupId: 'wg1', userId: 'ana', reason: 'left the entity' } }]));

    it('refuses to remove someone who is not a member', () =>
      spec
        .given([formed])
        .when({ type: 'RemoveMember', data: { workingGroupId: 'wg1', userId: 'beto' } })
        .thenThrows('not-found'));

    it('refuses to remove a member of a group that does not exist', () =>
      spec
        .given([])
        .when({ type: 'RemoveMember', data: { workingGroupId: 'wg1', userId: 'ana' } })
        .thenThrows('not-found'));
  });

  describe('membership', () => {
    const fold = (events: WorkingGroupEvent[]) => events.reduce(workingGroupDecider.evolve, workingGroupDecider.initialState());

    it('knows current members and forgets removed ones', () => {
      const removed: WorkingGroupEvent = { type: 'MemberRemoved', data: { workingGroupId: 'wg1', userId: 'ana' } };
      expect(isMemberOf(fold([formed, anaJoined]), 'ana')).toBe(true);
      expect(isMemberOf(fold([formed, anaJoined, removed]), 'ana')).toBe(false);
      expect(isMemberOf(fold([formed]), 'toString')).toBe(false);
      expect(isMemberOf(fold([]), 'ana')).toBe(false);
    });
  });
});
