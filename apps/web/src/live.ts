import { type Socket, io } from 'socket.io-client';
import { useEffect, useRef, useState } from 'preact/hooks';

/** An event of a room, as /live sends it: strictly increasing `position` per room. */
export interface LiveEvent {
  room: string;
  id: string;
  type: string;
  streamId: string;
  revision: number;
  position: number;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}
export interface Presence {
  room: string;
  count: number;
  users: Array<{ userId: string; name: string; editing?: string }>;
}
/** A coalesced message of a room: the state it is in as of `position` (a consultation's tally, a meeting's queue). */
export interface RoomMessage {
  position: number;
  [field: string]: unknown;
}
/**
 * The coalesced messages the rooms send, and the room each is of, named by the id its payload carries: a
 * consultation's `tally`; a meeting's `poll-results`, `queue` and `attendance`.
 */
const MESSAGES: Record<string, (payload: RoomMessage) => string> = {
  tally: (tally) => `consultation:${String(tally.consultationId)}`,
  'poll-results': (results) => `meeting:${String(results.meetingId)}`,
  queue: (queue) => `meeting:${String(queue.meetingId)}`,
  attendance: (attendance) => `meeting:${String(attendance.meetingId)}`,
};

export interface RoomHandlers {
  event?(event: LiveEvent): void;
  /** One of the room's coalesced messages, by its name. */
  message?(name: string, payload: RoomMessage): void;
  presence?(presence: Presence): void;
  /** The server turned this user out of the room (a member removed): the reason, in the interface's language. */
  unsubscribed?(reason: string): void;
}

interface Room {
  name: string;
  /** A subscribe on its way: an unsubscribe waits for its answer, so that the server never ends up holding the room. */
  joining?: Promise<void>;
  retry?: ReturnType<typeof setTimeout>;
  /** The last position this page has seen in the room: a resubscription asks for what came after it. */
  after: number | undefined;
  handlers: Set<RoomHandlers>;
  editing?: string;
}

/**
 * The page's one socket to /live. Rooms it follows are subscribed again on every reconnection with `after` = the
 * last position seen, and events at or before it are dropped: after a network cut, a restart of the server or an
 * overflow, nothing is missed or shown twice.
 */
class Live {
  private socket?: Socket;
  private readonly rooms = new Map<string, Room>();
  private readonly watchers = new Set<(online: boolean) => void>();
  private reconnect?: ReturnType<typeof setTimeout>;
  private refused: () => void = () => undefined;
  online = false;

  /** What to do when the server refuses the token at the handshake (expired, revoked): sign the person out. */
  onRefused(handler: () => void): void {
    this.refused = handler;
  }

  connect(token: string | undefined): void {
    clearTimeout(this.reconnect);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.setOnline(false);
    if (!token) return;
    const socket = io('/live', { auth: { token }, transports: ['websocket'], reconnectionDelayMax: 5000 });
    this.socket = socket;
    socket.on('connect', () => {
      this.setOnline(true);
      for (const room of this.rooms.values()) this.join(room);
    });
    socket.on('connect_error', (error) => {
      // socket.io gives up on a refused handshake; other errors (the server away) it retries by itself.
      if (/^unauthorized/.test(error.message)) this.refused();
    });
    socket.on('disconnect', (reason) => {
      this.setOnline(false);
      // Turned away by the server (too slow: overflow): it does not reconnect by itself.
      if (reason === 'io server disconnect') this.reconnect = setTimeout(() => socket === this.socket && socket.connect(), 1000);
    });
    socket.on('event', (event: LiveEvent) => {
      const room = this.rooms.get(event.room);
      if (!room || (room.after !== undefined && event.position <= room.after)) return;
      room.after = event.position;
      room.handlers.forEach((handlers) => handlers.event?.(event));
    });
    for (const [name, roomOf] of Object.entries(MESSAGES)) {
      socket.on(name, (payload: RoomMessage) =>
        this.rooms.get(roomOf(payload))?.handlers.forEach((handlers) => handlers.message?.(name, payload)),
      );
    }
    socket.on('presence', (presence: Presence) =>
      this.rooms.get(presence.room)?.handlers.forEach((handlers) => handlers.presence?.(presence)),
    );
    socket.on('unsubscribed', ({ room, reason }: { room: string; reason: string }) =>
      this.rooms.get(room)?.handlers.forEach((handlers) => handlers.unsubscribed?.(reason)),
    );
  }

  /** Follows a room from `after` (the position the page's data is at); returns how to stop. */
  follow(name: string, after: number | undefined, handlers: RoomHandlers): () => void {
    let room = this.rooms.get(name);
    if (!room) {
      room = { name, after, handlers: new Set() };
      this.rooms.set(name, room);
      if (this.socket?.connected) this.join(room);
    }
    room.handlers.add(handlers);
    return () => {
      room.handlers.delete(handlers);
      if (room.handlers.size > 0) return;
      this.rooms.delete(name);
      clearTimeout(room.retry);
      const socket = this.socket;
      void (room.joining ?? Promise.resolve()).then(() => socket?.emit('unsubscribe', { room: name }));
    };
  }

  /** Tells the room which section this user is editing (none: only here). */
  editing(name: string, section: string | undefined): void {
    const room = this.rooms.get(name);
    if (!room) return;
    room.editing = section;
    if (this.socket?.connected) this.socket.emit('presence', { room: name, editing: section ?? null });
  }

  watch(watcher: (online: boolean) => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private join(room: Room): void {
    const socket = this.socket;
    if (!socket) return;
    socket.emit(
      'subscribe',
      room.after === undefined ? { room: room.name } : { room: room.name, after: room.after },
      (ack: { ok: boolean; position?: number }) => {
        if (!ack?.ok) return;
        if (room.after === undefined && typeof ack.position === 'number') room.after = ack.position;
        if (room.editing !== undefined) socket.emit('presence', { room: room.name, editing: room.editing });
      },
    );
  }

  private setOnline(online: boolean): void {
    this.online = online;
    this.watchers.forEach((watcher) => watcher(online));
  }
}

export const live = new Live();

/** Whether the page's socket is connected now. */
export const useOnline = (): boolean => {
  const [online, setOnline] = useState(live.online);
  useEffect(() => live.watch(setOnline), []);
  return online;
};

/**
 * Follows a room while the component is shown, from `after` (the position its data was read at; undefined: from
 * now). The handlers may change between renders without resubscribing.
 */
export const useRoom = (room: string | undefined, after: number | undefined, handlers: RoomHandlers): void => {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    if (!room || after === undefined) return undefined;
    return live.follow(room, after, {
      event: (event) => current.current.event?.(event),
      message: (name, payload) => current.current.message?.(name, payload),
      presence: (presence) => current.current.presence?.(presence),
      unsubscribed: (reason) => current.current.unsubscribed?.(reason),
    });
  }, [room, after]);
};

/**
 * Follows a room (as useRoom) and keeps the newest of each of the named coalesced messages it sends: newest by
 * position, so that a message delayed behind a newer one never takes the page back. `event` hears its events.
 */
export const useRoomMessages = <M extends { [name: string]: { position: number } }>(
  room: string | undefined,
  after: number | undefined,
  names: ReadonlyArray<keyof M & string>,
  event?: (event: LiveEvent) => void,
): Partial<M> => {
  const [latest, setLatest] = useState<{ room?: string; messages: Partial<M> }>({ messages: {} });
  useRoom(room, after, {
    event,
    message: (name, payload) => {
      if (!names.includes(name)) return;
      setLatest((current) => {
        const messages: Partial<M> = current.room === room ? current.messages : {};
        const previous = messages[name as keyof M];
        return previous && previous.position > payload.position
          ? current
          : { room, messages: { ...messages, [name]: payload as M[string] } };
      });
    },
  });
  // Another room's messages (the page now shows another id) are not this one's.
  return latest.room === room ? latest.messages : {};
};
