import { useState } from 'preact/hooks';
import {
  type MyBallotDto,
  answerOf,
  consultationsControllerCast,
  consultationsControllerMine,
  consultationsControllerRetract,
} from '../../api';
import { ReadState, Status } from '../../components/read-state';
import { useFormat, useMessages } from '../../i18n';
import { useSession } from '../../session';
import { useRead } from '../../use-read';
import { Comments } from '../portal/comments';
import { TallyBars } from './bars';
import { consultationTexts } from './messages';
import { useLiveConsultation } from './tally';

/** A participant's own ballot: their votes, what is left, voting and taking a vote back within the rules. */
const useBallot = (consultationId: string, signedIn: boolean) =>
  useRead<MyBallotDto | undefined>(
    () => (signedIn ? answerOf(consultationsControllerMine({ path: { id: consultationId } })) : Promise.resolve(undefined)),
    [consultationId, signedIn],
  );

/** A consultation for participants: the proposals, voting within the rules, the live tally as its visibility allows. */
export const ConsultationPage = ({ id }: { id: string }) => {
  const t = useMessages(consultationTexts);
  const format = useFormat();
  const session = useSession();
  const { read, results } = useLiveConsultation(id);
  const voter = session.has('participant', 'member');
  const ballot = useBallot(id, voter);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();

  const change = (proposalId: string, vote: boolean) => {
    setBusy(proposalId);
    setError(undefined);
    const call = vote
      ? consultationsControllerCast({ path: { id, proposalId } })
      : consultationsControllerRetract({ path: { id, proposalId } });
    // Refused or not, the ballot is read again: a refusal often means another device voted meanwhile.
    answerOf(call)
      .catch((failure: Error) => setError(failure.message))
      .finally(() => {
        setBusy(undefined);
        ballot.reload();
      });
  };

  return (
    <ReadState read={read}>
      {({ consultation, proposals }) => {
        const open = consultation.status === 'open';
        const mine = ballot.data?.votes ?? [];
        return (
          <>
            <hgroup>
              <h1>{consultation.title}</h1>
              <p>
                <Status status={consultation.status} /> · {t.rules(consultation.rules.maxVotesPerParticipant)}{' '}
                {consultation.rules.allowRetraction ? t.retraction : t.noRetraction} {consultation.ballots === 'secret' && t.secret}
              </p>
            </hgroup>
            {(consultation.opensAt || consultation.closesAt) && (
              <p class="meta">
                {consultation.opensAt && t.opensAt(format.dateTime(consultation.opensAt))}{' '}
                {consultation.closesAt && t.closesAt(format.dateTime(consultation.closesAt))}
              </p>
            )}
            {session.has('moderator', 'admin') && (
              <p>
                <a href={`/consultations/${id}/projector`}>{t.projector}</a>
              </p>
            )}
            {error && (
              <p role="alert" class="error">
                {error}
              </p>
            )}
            {!session.user && <p>{t.signInToVote}</p>}
            {session.user && voter && !open && <p>{t.notOpen}</p>}
            {voter && ballot.data && open && <p aria-live="polite">{t.remaining(ballot.data.remaining)}</p>}
            <section aria-labelledby="proposals">
              <h2 id="proposals">{t.proposals}</h2>
              <div class="sections">
                {proposals.map((proposal) => {
                  const voted = mine.includes(proposal.id);
                  return (
                    <article data-proposal={proposal.id}>
                      <header>
                        <h3>
                          <a href={`/proposals/${proposal.id}`}>{proposal.title}</a>
                        </h3>
                      </header>
                      <p>{proposal.sections.objective}</p>
                      {voter && open && (
                        <footer>
                          {voted ? (
                            <>
                              <mark>{t.voted}</mark>{' '}
                              {consultation.rules.allowRetraction && (
                                <button
                                  type="button"
                                  class="secondary"
                                  aria-busy={busy === proposal.id}
                                  disabled={busy !== undefined}
                                  aria-label={`${t.retract}: ${proposal.title}`}
                                  onClick={() => change(proposal.id, false)}
                                >
                                  {t.retract}
                                </button>
                              )}
                            </>
                          ) : (
                            <button
                              type="button"
                              aria-busy={busy === proposal.id}
                              disabled={busy !== undefined || (ballot.data?.remaining ?? 0) === 0}
                              aria-label={`${t.vote}: ${proposal.title}`}
                              onClick={() => change(proposal.id, true)}
                            >
                              {t.vote}
                            </button>
                          )}
                        </footer>
                      )}
                    </article>
                  );
                })}
              </div>
            </section>
            {results && <TallyBars results={results} proposals={proposals} />}
            <Comments targetType="consultation" targetId={consultation.id} version={0} />
          </>
        );
      }}
    </ReadState>
  );
};
