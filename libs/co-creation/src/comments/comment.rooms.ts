import { liveRooms } from '@cocrea/platform/live/rooms';
import { COMMENT_CATEGORY, type CommentEvent } from './comment.decider';
import { COMMENTS, type CommentView } from './comment.projection';

/** The room of what a comment is on: a target type is the kind of its room (`proposal:<id>`). */
export interface CommentRoute {
  target: string;
}

/** Comments have no room of their own: a comment and its moderation go to the room of what it comments on. */
export const commentRooms = liveRooms<CommentEvent, CommentRoute>({
  category: COMMENT_CATEGORY,
  routeEstablishedBy: (event) =>
    event.type === 'CommentPosted' ? { target: `${event.data.targetType}:${event.data.targetId}` } : undefined,
  roomsOf: (_event, route) => [route?.target],
  // A comment hidden since it was posted is shown without its body, in a catch-up as much as live.
  present: (event, models) => {
    if (event.type !== 'CommentPosted' || !models.get<CommentView>(COMMENTS, event.data.commentId)?.hidden) return event;
    return { ...event, data: { ...event.data, body: null, hidden: true } };
  },
});
