import { coalescedMessagesOf, type LiveRooms } from '@cocrea/platform';

const string = { type: 'string' } as const;
const position = { type: 'integer', minimum: 0 } as const;
const roomName = (kinds: readonly string[]) => ({
  type: 'string',
  pattern: `^(${kinds.join('|')}):[0-9a-f-]{36}$`,
  description: `a room: ${kinds.map((kind) => `${kind}:<uuid>`).join(', ')}`,
});

const ack = (ok: Record<string, unknown>) => ({
  oneOf: [
    { type: 'object', required: ['ok'], additionalProperties: false, properties: { ok: { const: true }, ...ok } },
    {
      type: 'object',
      required: ['ok', 'error'],
      additionalProperties: false,
      properties: {
        ok: { const: false },
        error: { type: 'string', description: "why, in the language of the handshake's Accept-Language (es or en)" },
      },
    },
  ],
});

const message = (name: string, summary: string, payload: Record<string, unknown>) => ({ name, title: name, summary, payload });

/**
 * The AsyncAPI 3 document of the live protocol: the socket.io namespace `/live`, the messages in both directions
 * with their payloads, and the rooms the features declare (so it follows the code: a feature's new room kind or
 * coalesced message is in it). Served at `/api/docs/asyncapi.json`.
 */
export const asyncApiDocument = (rooms: readonly LiveRooms[], limits: { maxRooms: number; maxEditing: number; maxUsers: number }) => {
  const kinds = rooms.flatMap((declared) => (declared.kind ? [declared.kind] : []));
  const coalesced = rooms.flatMap((declared) =>
    declared.kind ? coalescedMessagesOf(declared).map((message) => ({ kind: declared.kind, ...message })) : [],
  );
  const room = roomName(kinds);
  const messages: Record<string, unknown> = {
    subscribe: message('subscribe', `join a room (at most ${limits.maxRooms} a socket), catching up from after`, {
      type: 'object',
      required: ['room'],
      additionalProperties: false,
      properties: { room, after: { ...position, description: 'the last position seen: every later event of the room is sent first' } },
    }),
    subscribeAck: message('subscribeAck', 'the answer to subscribe: the position the catch-up starts from, or why not', ack({ position })),
    unsubscribe: message('unsubscribe', 'leave a room', {
      type: 'object',
      required: ['room'],
      additionalProperties: false,
      properties: { room },
    }),
    presenceUpdate: message('presence', 'say which section you are editing in a room you joined (none: just here)', {
      type: 'object',
      required: ['room'],
      additionalProperties: false,
      properties: { room, editing: { type: 'string', maxLength: limits.maxEditing } },
    }),
    ack: message('ack', 'the answer to unsubscribe and presence (and to any message past the rate limit: rate-limited)', ack({})),
    event: message('event', 'an event of the room, in strictly increasing position: the catch-up, then live', {
      type: 'object',
      required: ['room', 'id', 'type', 'streamId', 'revision', 'position', 'recordedAt', 'data', 'metadata'],
      additionalProperties: false,
      properties: {
        room,
        id: { type: 'string', format: 'uuid' },
        type: string,
        streamId: string,
        revision: { type: 'integer', minimum: 1 },
        position: { type: 'integer', minimum: 1 },
        recordedAt: { type: 'string', format: 'date-time' },
        data: { type: 'object' },
        metadata: { type: 'object', description: 'who acted and under which command and correlation ids' },
      },
    }),
    presence: message('presence', `who is in a room and what they edit: the count, and at most ${limits.maxUsers} users`, {
      type: 'object',
      required: ['room', 'count', 'users'],
      additionalProperties: false,
      properties: {
        room,
        count: { type: 'integer', minimum: 0 },
        users: {
          type: 'array',
          maxItems: limits.maxUsers,
          items: {
            type: 'object',
            required: ['userId', 'name'],
            additionalProperties: false,
            properties: { userId: string, name: string, editing: string },
          },
        },
      },
    }),
    overflow: message('overflow', 'the socket fell too far behind and is disconnected: reconnect and subscribe with after', {
      type: 'object',
      required: ['reason', 'resubscribe'],
      additionalProperties: false,
      properties: { reason: string, resubscribe: string },
    }),
    unsubscribed: message('unsubscribed', 'the socket may no longer be in the room (a member removed from a working group)', {
      type: 'object',
      required: ['room', 'reason'],
      additionalProperties: false,
      properties: { room, reason: string },
    }),
  };
  for (const declared of coalesced) {
    messages[declared.name] = message(
      declared.name,
      `in ${declared.kind} rooms, coalesced: ${declared.description ?? 'the room’s state'}`,
      declared.schema ?? { type: 'object' },
    );
  }
  const ref = (name: string) => ({ $ref: `#/channels/live/messages/${name}` });
  const received = ['event', 'presence', 'overflow', 'unsubscribed', ...coalesced.map((declared) => declared.name)];
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Cocrea live updates',
      version: '1',
      description:
        'socket.io (v4) namespace /live. Connect with the bearer token as auth.token; a refused connection gets a ' +
        'connect_error naming why. Client messages are sent with an acknowledgement callback, which gets the answer.',
      license: { name: 'MIT' },
    },
    servers: {
      cocrea: {
        host: 'localhost:3000',
        protocol: 'ws',
        pathname: '/socket.io/',
        description: 'the server itself: socket.io over WebSocket',
      },
    },
    channels: {
      live: {
        address: '/live',
        title: 'the live namespace',
        description: `rooms: ${kinds.map((kind) => `${kind}:<uuid>`).join(', ')}`,
        messages,
      },
    },
    operations: {
      subscribe: {
        action: 'send',
        channel: { $ref: '#/channels/live' },
        messages: [ref('subscribe')],
        reply: { channel: { $ref: '#/channels/live' }, messages: [ref('subscribeAck')] },
      },
      unsubscribe: {
        action: 'send',
        channel: { $ref: '#/channels/live' },
        messages: [ref('unsubscribe')],
        reply: { channel: { $ref: '#/channels/live' }, messages: [ref('ack')] },
      },
      announcePresence: {
        action: 'send',
        channel: { $ref: '#/channels/live' },
        messages: [ref('presenceUpdate')],
        reply: { channel: { $ref: '#/channels/live' }, messages: [ref('ack')] },
      },
      ...Object.fromEntries(
        received.map((name) => [
          `receive${name[0].toUpperCase()}${name.slice(1)}`,
          { action: 'receive', channel: { $ref: '#/channels/live' }, messages: [ref(name)] },
        ]),
      ),
    },
  };
};
