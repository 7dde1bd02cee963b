/** Who is in a room and which section each is editing. Ephemeral: never stored, gone with the socket. */
export interface PresentUser {
  userId: string;
  name: string;
  editing?: string;
}

export class PresenceRegistry {
  private readonly rooms = new Map<string, Map<string, PresentUser>>();

  join(room: string, socketId: string, user: { userId: string; name: string }): void {
    let present = this.rooms.get(room);
    if (!present) this.rooms.set(room, (present = new Map()));
    present.set(socketId, {
      userId: user.userId,
      name: user.name,
      ...(present.get(socketId)?.editing ? { editing: present.get(socketId)!.editing } : {}),
    });
  }

  /** Returns false when the socket is not in the room. */
  edit(room: string, socketId: string, editing: string | undefined): boolean {
    const user = this.rooms.get(room)?.get(socketId);
    if (!user) return false;
    const { editing: _, ...rest } = user;
    this.rooms.get(room)!.set(socketId, editing ? { ...rest, editing } : rest);
    return true;
  }

  leave(room: string, socketId: string): boolean {
    const present = this.rooms.get(room);
    const left = present?.delete(socketId) ?? false;
    if (present && present.size === 0) this.rooms.delete(room);
    return left;
  }

  /** Removes a socket from every room; returns the rooms it was in. */
  leaveAll(socketId: string): string[] {
    const left: string[] = [];
    for (const room of [...this.rooms.keys()]) if (this.leave(room, socketId)) left.push(room);
    return left;
  }

  /** One entry per user (several tabs of one person count once; an editing tab wins), ordered by user id. */
  users(room: string): PresentUser[] {
    const byUser = new Map<string, PresentUser>();
    for (const user of this.rooms.get(room)?.values() ?? []) {
      const seen = byUser.get(user.userId);
      if (!seen || (!seen.editing && user.editing)) byUser.set(user.userId, user);
    }
    return [...byUser.values()].sort((a, b) => a.userId.localeCompare(b.userId));
  }
}
