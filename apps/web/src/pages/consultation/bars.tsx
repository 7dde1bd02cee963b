import type { ConsultationResultsDto, ProposalViewDto } from '../../api';
import { Bars } from '../../components/bars';
import { useMessages } from '../../i18n';
import { consultationTexts } from './messages';

/** The votes per proposal as bars, most voted first, or why they are not shown yet; the turnout always. */
export const TallyBars = ({ results, proposals }: { results: ConsultationResultsDto; proposals: ProposalViewDto[] }) => {
  const t = useMessages(consultationTexts);
  const titleOf = (proposalId: string) => proposals.find((proposal) => proposal.id === proposalId)?.title ?? proposalId;
  return (
    <section aria-labelledby="results" aria-live="polite" data-position={results.position}>
      <h2 id="results">{t.results}</h2>
      <p data-testid="turnout">{t.turnout(results.turnout)}</p>
      {results.results ? (
        <Bars
          kind="proposal"
          count={t.votes}
          bars={results.results.map((result) => ({ id: result.proposalId, label: titleOf(result.proposalId), votes: result.votes }))}
        />
      ) : (
        <p>{t.hiddenResults[results.tallyVisibility]}</p>
      )}
    </section>
  );
};
