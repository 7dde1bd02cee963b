import type { ComponentChildren } from 'preact';
import { LANGUAGES, useLanguage, useMessages } from '../i18n';
import { common } from '../i18n/common';
import { useOnline } from '../live';
import { useSession } from '../session';

const LanguageSwitch = () => {
  const { language, setLanguage } = useLanguage();
  const t = useMessages(common);
  return (
    <div role="group" aria-label={t.language.label} class="language-switch">
      {LANGUAGES.map((option) => (
        <button
          type="button"
          class={option === language ? '' : 'outline secondary'}
          aria-pressed={option === language}
          lang={option}
          onClick={() => setLanguage(option)}
        >
          {t.language[option]}
        </button>
      ))}
    </div>
  );
};

/** The frame of every page: a skip link, the navigation, who is signed in, the language, the live connection. */
export const Layout = ({ children }: { children: ComponentChildren }) => {
  const t = useMessages(common);
  const session = useSession();
  const online = useOnline();
  return (
    <>
      <a class="skip-link" href="#content">
        {t.skipToContent}
      </a>
      <header class="container">
        <nav aria-label={t.nav.label}>
          <ul>
            <li>
              <a href="/" class="brand">
                <strong>{t.appName}</strong>
              </a>
            </li>
          </ul>
          <ul>
            <li>
              <a href="/">{t.nav.plans}</a>
            </li>
            {session.has('moderator', 'admin') && (
              <li>
                <a href="/moderation">{t.nav.moderation}</a>
              </li>
            )}
            <li>
              <a href="/audit">{t.nav.audit}</a>
            </li>
            <li>
              {session.user ? (
                <details class="dropdown">
                  <summary>{session.user.name}</summary>
                  <ul dir="rtl">
                    <li>
                      <span>{t.session.signedInAs(session.user.name)}</span>
                    </li>
                    <li>
                      <a
                        href="/"
                        onClick={(event) => {
                          event.preventDefault();
                          session.signOut();
                        }}
                      >
                        {t.session.signOut}
                      </a>
                    </li>
                  </ul>
                </details>
              ) : (
                <a href="/sign-in">{t.session.signIn}</a>
              )}
            </li>
          </ul>
        </nav>
      </header>
      {session.user && !online && session.ready && (
        <p class="offline container" role="status">
          {t.offline}
        </p>
      )}
      <main id="content" class="container" tabIndex={-1}>
        {children}
      </main>
      <footer class="container">
        <LanguageSwitch />
        <small>
          {t.tagline} · <a href="/api/docs">{t.nav.api}</a>
        </small>
      </footer>
    </>
  );
};
