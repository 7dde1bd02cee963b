import { useEffect } from 'preact/hooks';
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

/** The window's title follows the page's heading (`Plan de acción · Cocrea`), whenever the page shows one. */
const useTitleFromHeading = () =>
  useEffect(() => {
    const main = document.getElementById('content');
    if (!main) return undefined;
    const follow = () => {
      const heading = main.querySelector('h1')?.textContent?.trim();
      const title = heading ? `${heading} · Cocrea` : 'Cocrea';
      if (document.title !== title) document.title = title;
    };
    const observer = new MutationObserver(follow);
    observer.observe(main, { childList: true, subtree: true, characterData: true });
    follow();
    return () => observer.disconnect();
  }, []);

/** The frame of every page: a skip link, the navigation, who is signed in, the language, the live connection. */
export const Layout = ({ children }: { children: ComponentChildren }) => {
  const t = useMessages(common);
  const session = useSession();
  const online = useOnline();
  useTitleFromHeading();
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
                  <ul class="session-menu">
                    <li>
                      <span>{t.session.signedInAs(session.user.name)}</span>
                    </li>
                    <li>
                      <button type="button" class="secondary outline" onClick={() => session.signOut()}>
                        {t.session.signOut}
                      </button>
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
