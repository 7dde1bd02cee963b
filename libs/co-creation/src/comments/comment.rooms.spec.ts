import { roomsOfEvent } from '@cocrea/platform/live/rooms';
import { readModelsWith, recorded } from '@cocrea/platform/live/testing';
import { COMMENTS } from './comment.projection';
import { commentRooms } from './comment.rooms';

const PROPOSAL = '33333333-3333-4333-8333-333333333333';
const COMMITMENT = '55555555-5555-4555-8555-555555555555';
const COMMENT = '66666666-6666-4666-8666-666666666666';

describe('comment rooms', () => {
  it('learn the target of a comment from its posting', () => {
    expect(
      commentRooms.routeEstablishedBy!(recorded(`comment-${COMMENT}`, 'CommentPosted', { targetType: 'proposal', targetId: PROPOSAL })),
    ).toEqual({ target: `proposal:${PROPOSAL}` });
    expect(commentRooms.routeEstablishedBy!(recorded(`comment-${COMMENT}`, 'CommentHidden'))).toBeUndefined();
  });

  it('put a comment and its moderation in the room of what it comments on', () => {
    const route = { target: `commitment:${COMMITMENT}` };
    expect(roomsOfEvent(commentRooms, recorded(`comment-${COMMENT}`, 'CommentPosted'), route)).toEqual([`commitment:${COMMITMENT}`]);
    expect(roomsOfEvent(commentRooms, recorded(`comment-${COMMENT}`, 'CommentHidden'), route)).toEqual([`commitment:${COMMITMENT}`]);
  });

  it('show a comment hidden since it was posted without its body, and the rest as recorded', () => {
    const posted = recorded(`comment-${COMMENT}`, 'CommentPosted', {
      commentId: COMMENT,
      targetType: 'proposal',
      targetId: PROPOSAL,
      body: 'Rude',
    });
    const hidden = readModelsWith({ [COMMENTS]: { [COMMENT]: { id: COMMENT, hidden: true } } });
    expect(commentRooms.present!(posted, hidden)).toEqual({ ...posted, data: { ...(posted.data as object), body: null, hidden: true } });
    expect(commentRooms.present!(posted, readModelsWith({ [COMMENTS]: { [COMMENT]: { id: COMMENT, hidden: false } } }))).toBe(posted);
    const hiding = recorded(`comment-${COMMENT}`, 'CommentHidden', { commentId: COMMENT, reason: 'insults' });
    expect(commentRooms.present!(hiding, hidden)).toBe(hiding);
  });
});
