import { PresenceRegistry } from './presence';

describe('PresenceRegistry', () => {
  const ana = { userId: 'ana', name: 'Ana' };
  const beto = { userId: 'beto', name: 'Beto' };
  let presence: PresenceRegistry;

  beforeEach(() => (presence = new PresenceRegistry()));

  it('lists who joined a room, one entry per user, ordered by user id', () => {
    presence.join('proposal:1', 's-beto', beto);
    presence.join('proposal:1', 's-ana', ana);
    presence.join('proposal:1', 's-ana-2', ana);
    presence.join('proposal:2', 's-beto-2', beto);
    expect(presence.users('proposal:1')).toEqual([ana, beto]);
    expect(presence.users('proposal:2')).toEqual([beto]);
    expect(presence.users('proposal:3')).toEqual([]);
  });

  it('shows the section a user edits, from whichever tab edits it', () => {
    presence.join('proposal:1', 's-ana', ana);
    presence.join('proposal:1', 's-ana-2', ana);
    expect(presence.edit('proposal:1', 's-ana-2', 'problem')).toBe(true);
    expect(presence.users('proposal:1')).toEqual([{ ...ana, editing: 'problem' }]);
    expect(presence.edit('proposal:1', 's-ana-2', undefined)).toBe(true);
    expect(presence.users('proposal:1')).toEqual([ana]);
  });

  it('refuses an edit from a socket that is not in the room', () => {
    presence.join('proposal:1', 's-ana', ana);
    expect(presence.edit('proposal:2', 's-ana', 'problem')).toBe(false);
    expect(presence.edit('proposal:1', 's-beto', 'problem')).toBe(false);
    expect(presence.users('proposal:1')).toEqual([ana]);
  });

  it('keeps what a socket edits when it joins the same room again', () => {
    presence.join('proposal:1', 's-ana', ana);
    presence.edit('proposal:1', 's-ana', 'objective');
    presence.join('proposal:1', 's-ana', ana);
    expect(presence.users('proposal:1')).toEqual([{ ...ana, editing: 'objective' }]);
  });

  it('lets a socket leave one room, or every room at once, and forgets empty rooms', () => {
    presence.join('proposal:1', 's-ana', ana);
    presence.join('plan:1', 's-ana', ana);
    presence.join('plan:1', 's-beto', beto);
    expect(presence.leave('proposal:1', 's-ana')).toBe(true);
    expect(presence.leave('proposal:1', 's-ana')).toBe(false);
    expect(presence.users('proposal:1')).toEqual([]);
    presence.join('proposal:1', 's-ana', ana);
    expect(presence.leaveAll('s-ana').sort()).toEqual(['plan:1', 'proposal:1']);
    expect(presence.users('plan:1')).toEqual([beto]);
    expect(presence.leaveAll('s-ana')).toEqual([]);
  });

  it('keeps a user present while another of their tabs stays', () => {
    presence.join('proposal:1', 's-ana', ana);
    presence.join('proposal:1', 's-ana-2', ana);
    presence.edit('proposal:1', 's-ana', 'problem');
    presence.leave('proposal:1', 's-ana');
    expect(presence.users('proposal:1')).toEqual([ana]);
  });
});
