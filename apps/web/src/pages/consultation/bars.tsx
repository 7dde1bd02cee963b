import type { ConsultationResultsDto, ProposalViewDto } from '../../api';
import { useMessages } from '../../i18n';
import { consultationTexts } from './messages';

/** The votes per proposal as bars, most voted first, or why they are not shown yet; the turnout always. */
export const TallyBars = ({ results, proposals }: { results: ConsultationResultsDto; proposals: ProposalViewDto[] }) => {
  const t = useMessages(consultationTexts);
  const titleOf = (proposalId: string) => proposals.find((proposal) => proposal.id === proposalId)?.title ?? proposalId;
  const most = Math.max(1, ...(results.results ?? []).map((result) => result.votes));
  return (
    <section aria-labelledby="results" aria-live="polite" data-position={results.position}>
      <h2 id="results">{t.results}</h2>
      <p data-testid="turnout">{t.turnout(results.turnout)}</p>
      {results.results ? (
        <ul class="bars">
          {results.results.map((result) => (
            <li data-proposal={result.proposalId}>
              <div>
                {titleOf(result.proposalId)} — <strong data-testid="votes">{t.votes(result.votes)}</strong>
              </div>
              <progress value={result.votes} max={most} aria-label={`${titleOf(result.proposalId)}: ${t.votes(result.votes)}`} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t.hiddenResults[results.tallyVisibility]}</p>
      )}
    </section>
  );
};
