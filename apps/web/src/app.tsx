import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso';
import { Layout } from './components/layout';
import { LanguageProvider, useMessages } from './i18n';
import { common } from './i18n/common';
import { SessionProvider } from './session';
import { PlansPage } from './pages/portal/plans';
import { CallbackPage, SignInPage } from './pages/sign-in/sign-in';

/**
 * A page's code, loaded when it is first visited. When that fails (a new version was deployed and the old chunks are
 * gone, or the network dropped), the page is loaded again once, which fetches the current version.
 */
const page = <T,>(load: () => Promise<T>) =>
  lazy(() =>
    load().then(
      (module) => {
        sessionStorage.removeItem('cocrea.reloaded');
        return module;
      },
      (error: unknown) => {
        if (sessionStorage.getItem('cocrea.reloaded') !== window.location.pathname) {
          sessionStorage.setItem('cocrea.reloaded', window.location.pathname);
          window.location.reload();
        }
        throw error;
      },
    ),
  );

// The front page is in the first load; every other page comes when it is first visited.
const PlanPage = page(() => import('./pages/portal/plan').then((module) => module.PlanPage));
const ProposalPage = page(() => import('./pages/portal/proposal').then((module) => module.ProposalPage));
const EditorPage = page(() => import('./pages/editor/editor').then((module) => module.EditorPage));
const CommitmentPage = page(() => import('./pages/portal/commitment').then((module) => module.CommitmentPage));
const ConsultationPage = page(() => import('./pages/consultation/consultation').then((module) => module.ConsultationPage));
const ProjectorPage = page(() => import('./pages/consultation/projector').then((module) => module.ProjectorPage));
const MeetingPage = page(() => import('./pages/meetings/meeting').then((module) => module.MeetingPage));
const RunMeetingPage = page(() => import('./pages/meetings/run').then((module) => module.RunMeetingPage));
const MeetingProjectorPage = page(() => import('./pages/meetings/projector').then((module) => module.MeetingProjectorPage));
const ModerationPage = page(() => import('./pages/moderation/moderation').then((module) => module.ModerationPage));
const AuditPage = page(() => import('./pages/audit/audit').then((module) => module.AuditPage));

const NotFound = () => {
  const t = useMessages(common);
  return (
    <article>
      <h1>{t.notFound}</h1>
      <a href="/">{t.back}</a>
    </article>
  );
};

let routed = false;
/** After a move to another page (not the first one), the keyboard and screen readers start at its content. */
const focusContent = () => {
  if (routed) requestAnimationFrame(() => document.getElementById('content')?.focus());
  routed = true;
};

/** Paths the server answers itself (the API, its documents and downloads): links to them are not the app's routes. */
const APP_ROUTES = /^\/(?!api(\/|$)|health|metrics)/;

export const App = () => (
  <LanguageProvider>
    <SessionProvider>
      <LocationProvider scope={APP_ROUTES}>
        <Layout>
          <ErrorBoundary>
            <Router onRouteChange={focusContent}>
              <Route path="/" component={PlansPage} />
              <Route path="/plans/:id" component={PlanPage} />
              <Route path="/proposals/:id" component={ProposalPage} />
              <Route path="/proposals/:id/edit" component={EditorPage} />
              <Route path="/commitments/:id" component={CommitmentPage} />
              <Route path="/consultations/:id" component={ConsultationPage} />
              <Route path="/consultations/:id/projector" component={ProjectorPage} />
              <Route path="/meetings/:id" component={MeetingPage} />
              <Route path="/meetings/:id/run" component={RunMeetingPage} />
              <Route path="/meetings/:id/projector" component={MeetingProjectorPage} />
              <Route path="/moderation" component={ModerationPage} />
              <Route path="/audit" component={AuditPage} />
              <Route path="/sign-in" component={SignInPage} />
              <Route path="/callback" component={CallbackPage} />
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        </Layout>
      </LocationProvider>
    </SessionProvider>
  </LanguageProvider>
);
