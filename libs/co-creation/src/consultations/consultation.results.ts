import type { BallotView, ConsultationView, TallyView } from './consultation.projection';

export interface ConsultationResults {
  consultationId: string;
  status: ConsultationView['status'];
  tallyVisibility: ConsultationView['rules']['tallyVisibility'];
  turnout: number;
  /** Omitted (not empty) while hidden, so that "hidden" never reads as "no votes". */
  results?: Array<{ proposalId: string; votes: number }>;
  position: number;
}

/**
 * The results as one viewer may see them. Turnout is always public; votes per proposal are public under
 * `live`, and otherwise only once the consultation is closed. Moderators (who run the round) always see them.
 */
export const resultsFor = (consultation: ConsultationView, tally: TallyView, runsConsultations: boolean): ConsultationResults => {
  const visible = runsConsultations || consultation.rules.tallyVisibility === 'live' || consultation.status === 'closed';
  // Array.prototype.sort is stable, so ties keep the consultation's proposal order.
  const results = consultation.proposalIds
    .map((proposalId) => ({ proposalId, votes: tally.votes[proposalId] ?? 0 }))
    .sort((a, b) => b.votes - a.votes);
  return {
    consultationId: consultation.id,
    status: consultation.status,
    tallyVisibility: consultation.rules.tallyVisibility,
    turnout: tally.turnout,
    ...(visible ? { results } : {}),
    position: tally.position,
  };
};

export const myBallot = (consultation: ConsultationView, ballotId: string, ballot: BallotView | undefined) => {
  const votes = ballot?.votes ?? [];
  return {
    id: ballotId,
    consultationId: consultation.id,
    votes,
    remaining: Math.max(0, consultation.rules.maxVotesPerParticipant - votes.length),
    revision: ballot?.revision ?? 0,
    position: ballot?.position ?? 0,
  };
};
