import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import {
  type ChainReportDto,
  answerOf,
  commitmentsControllerList,
  currentToken,
  verificationControllerCheckpoints,
  verificationControllerVerify,
} from '../../api';
import { ReadState } from '../../components/read-state';
import { useFormat, useMessages } from '../../i18n';
import { useSession } from '../../session';
import { useRead } from '../../use-read';
import { auditTexts } from './messages';

/** Saves what an authenticated GET answers (a link cannot carry the bearer token). */
const download = async (path: string, filename: string) => {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${currentToken()}` } });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.click();
  URL.revokeObjectURL(url);
};

const ChainCheck = () => {
  const t = useMessages(auditTexts);
  const [report, setReport] = useState<ChainReportDto>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const verify = () => {
    setBusy(true);
    setError(undefined);
    answerOf(verificationControllerVerify())
      .then(setReport, (failure: Error) => setError(failure.message))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <button type="button" onClick={verify} aria-busy={busy} disabled={busy}>
        {busy ? t.verifying : t.verify}
      </button>
      <div aria-live="polite" data-testid="chain-report">
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        {report && (
          <>
            <p>
              <strong>
                {report.ok ? t.chainOk(report.checked, report.headPosition) : t.chainBroken(report.firstBadPosition, report.reason)}
              </strong>
            </p>
            <p class="meta">
              <code>{t.head(report.headPosition, report.headHash)}</code>
            </p>
          </>
        )}
      </div>
    </>
  );
};

/** For auditors (and anyone for the public parts): the chain, the signed checkpoints, the exports, the verifier, a trace. */
export const AuditPage = () => {
  const t = useMessages(auditTexts);
  const format = useFormat();
  const session = useSession();
  const auditor = session.has('auditor', 'admin');
  const checkpoints = useRead(() => answerOf(verificationControllerCheckpoints()), []);
  const commitments = useRead(() => answerOf(commitmentsControllerList()), []);
  const [error, setError] = useState<string>();
  const location = useLocation();
  return (
    <>
      <hgroup>
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
      </hgroup>
      <section aria-labelledby="chain">
        <h2 id="chain">{t.chain}</h2>
        {auditor ? <ChainCheck /> : <p>{t.auditorsOnly}</p>}
      </section>
      <section aria-labelledby="checkpoints">
        <h2 id="checkpoints">{t.checkpoints}</h2>
        <ReadState read={checkpoints}>
          {(list) =>
            list.length === 0 ? (
              <p>{t.noCheckpoints}</p>
            ) : (
              <div class="overflow-auto">
                <table data-testid="checkpoints">
                  <thead>
                    <tr>
                      <th scope="col">{t.position}</th>
                      <th scope="col">{t.hash}</th>
                      <th scope="col">{t.signedAt}</th>
                      <th scope="col">{t.key}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...list]
                      .reverse()
                      .slice(0, 10)
                      .map((checkpoint) => (
                        <tr>
                          <td>{checkpoint.position}</td>
                          <td>
                            <code>{checkpoint.hash.slice(0, 16)}…</code>
                          </td>
                          <td>{format.dateTime(checkpoint.at)}</td>
                          <td>{checkpoint.keyId ?? '—'}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </ReadState>
      </section>
      <section aria-labelledby="downloads">
        <h2 id="downloads">{t.downloads}</h2>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <ul>
          <li>
            <a href="/api/audit/public-export" download="cocrea-public-export.jsonl">
              {t.publicExport}
            </a>
          </li>
          {auditor && (
            <li>
              <button
                type="button"
                class="outline"
                onClick={() => download('/api/audit/export', 'cocrea-export.jsonl').catch((failure: Error) => setError(failure.message))}
              >
                {t.fullExport}
              </button>
            </li>
          )}
          <li>
            <a href="/api/audit/verifier.mjs" download="verifier.mjs">
              {t.verifier}
            </a>{' '}
            <small class="meta">{t.verifierHelp}</small>
          </li>
          <li>
            <a href="/api/audit/keys">{t.keys}</a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="trace">
        <h2 id="trace">{t.trace}</h2>
        <ReadState read={commitments}>
          {(list) => (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                const id = String(new FormData(event.currentTarget).get('commitment') ?? '');
                if (id) location.route(`/commitments/${id}`);
              }}
            >
              <label>
                {t.commitment}
                <select name="commitment" required>
                  {list.map((commitment) => (
                    <option value={commitment.id}>{commitment.title}</option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={list.length === 0}>
                {t.showTrace}
              </button>
            </form>
          )}
        </ReadState>
      </section>
    </>
  );
};
