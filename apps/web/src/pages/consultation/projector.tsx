import { ReadState, Status } from '../../components/read-state';
import { useMessages } from '../../i18n';
import { useOnline } from '../../live';
import { TallyBars } from './bars';
import { consultationTexts } from './messages';
import { useLiveConsultation } from './tally';

/** What a moderator shows the room: the title, the turnout and the bars, large, moving live. */
export const ProjectorPage = ({ id }: { id: string }) => {
  const t = useMessages(consultationTexts);
  const online = useOnline();
  const { read, results } = useLiveConsultation(id);
  return (
    <ReadState read={read}>
      {({ consultation, proposals }) => (
        <div class="projector">
          <hgroup>
            <h1>{consultation.title}</h1>
            <p>
              <Status status={consultation.status} /> {online && <mark>{t.live}</mark>}
            </p>
          </hgroup>
          {results && <TallyBars results={results} proposals={proposals} />}
        </div>
      )}
    </ReadState>
  );
};
