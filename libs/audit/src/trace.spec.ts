import type { RecordedEvent } from '@cocrea/event-store';
import { standingOf, tallyAtClose } from './trace';

const C = 'c0000000-0000-4000-8000-000000000000';
const OTHER = 'd0000000-0000-4000-8000-000000000000';
let position = 0;
const ballot = (type: 'VoteCast' | 'VoteRetracted', participant: string, proposalId: string, consultationId = C): RecordedEvent => ({
  id: `e${++position}`,
  streamId: `ballot-${consultationId}.${participant}`,
  type,
  data: { consultationId, participantId: participant, proposalId },
  metadata: { actorId: participant },
  revision: 1,
  position,
  recordedAt: '2017-01-01T00:00:00.000Z',
  hash: '',
});

describe('the tally at close, recounted from ballot events', () => {
  it('counts what precedes the close, folds each ballot on its own and names nobody', () => {
    const events = [
      ballot('VoteCast', 'p1', 'A'),
      ballot('VoteCast', 'p1', 'B'),
      ballot('VoteCast', 'p2', 'A'),
      ballot('VoteRetracted', 'p2', 'A'), // p2's ballot is empty again: not in turnout
      ballot('VoteCast', 'p3', 'B'),
      ballot('VoteCast', 'p9', 'A', OTHER), // another consultation
    ];
    const closedPosition = position + 1;
    events.push(ballot('VoteCast', 'p4', 'A'), ballot('VoteCast', 'p4', 'C')); // after the close (position > closedPosition)
    const tally = tallyAtClose(C, ['A', 'B', 'C'], closedPosition, events);
    expect(tally).toEqual({
      closedPosition,
      votes: { A: 1, B: 2, C: 0 },
      turnout: 2,
      ballotEventsCounted: 5,
      lastCountedPosition: events[4].position,
    });
    expect(JSON.stringify(tally)).not.toMatch(/p\d/);
  });

  it('ranks by competition ranking: ties share a rank', () => {
    const tally = { closedPosition: 10, votes: { A: 3, B: 5, C: 3, D: 1 }, turnout: 6, ballotEventsCounted: 12, lastCountedPosition: 9 };
    expect(standingOf(tally, 'B')).toEqual({ votes: 5, rank: 1, of: 4, turnout: 6, totalVotes: 12 });
    expect(standingOf(tally, 'A')).toMatchObject({ votes: 3, rank: 2 });
    expect(standingOf(tally, 'C')).toMatchObject({ votes: 3, rank: 2 });
    expect(standingOf(tally, 'D')).toMatchObject({ votes: 1, rank: 4 });
  });
});
