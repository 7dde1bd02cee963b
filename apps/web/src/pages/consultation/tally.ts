import {
  answerOf,
  type ConsultationResultsDto,
  type ConsultationViewDto,
  consultationsControllerGet,
  consultationsControllerResults,
  proposalsControllerGet,
  type ProposalViewDto,
} from '../../api';
import { useRoomMessages } from '../../live';
import { useSession } from '../../session';
import { useFirstFor, useRead, useVersion } from '../../use-read';

export interface ConsultationState {
  consultation: ConsultationViewDto;
  proposals: ProposalViewDto[];
  results: ConsultationResultsDto;
}

/**
 * A consultation with its proposals and its tally, kept live: the tally the room sends replaces the one read
 * when it is newer (its position), and a lifecycle event (opened, paused, closed) reads the consultation again.
 * After a reload or a reconnection the room resumes from the position read: no tally is missed or goes back.
 */
export const useLiveConsultation = (id: string) => {
  const session = useSession();
  const [version, bump] = useVersion();
  const read = useRead(async (): Promise<ConsultationState> => {
    const consultation = await answerOf(consultationsControllerGet({ path: { id } }));
    const [proposals, results] = await Promise.all([
      Promise.all(consultation.proposalIds.map((proposalId) => answerOf(proposalsControllerGet({ path: { id: proposalId } })))),
      answerOf(consultationsControllerResults({ path: { id } })),
    ]);
    return { consultation, proposals, results };
  }, [id, version, session.user?.id]);
  const from = useFirstFor(id, read.data && Math.max(read.data.results.position, read.data.consultation.position));
  const { tally: live } = useRoomMessages<{ tally: ConsultationResultsDto }>(
    session.user ? `consultation:${id}` : undefined,
    from,
    ['tally'],
    (event) => {
      if (/^Consultation/.test(event.type)) bump();
    },
  );
  const results =
    live && read.data && live.consultationId === id && live.position >= read.data.results.position ? live : read.data?.results;
  return { read, results, refresh: bump };
};
