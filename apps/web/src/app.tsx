import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso';
import { Layout } from './components/layout';
import { LanguageProvider, useMessages } from './i18n';
import { common } from './i18n/common';
import { SessionProvider } from './session';
import { PlansPage } from './pages/portal/plans';
import { CallbackPage, SignInPage } from './pages/sign-in/sign-in';

// The front page is in the first load; every other page comes when it is first visited.
const PlanPage = lazy(() => import('./pages/portal/plan').then((page) => page.PlanPage));
const ProposalPage = lazy(() => import('./pages/portal/proposal').then((page) => page.ProposalPage));
const EditorPage = lazy(() => import('./pages/editor/editor').then((page) => page.EditorPage));
const CommitmentPage = lazy(() => import('./pages/portal/commitment').then((page) => page.CommitmentPage));
const ConsultationPage = lazy(() => import('./pages/consultation/consultation').then((page) => page.ConsultationPage));
const ProjectorPage = lazy(() => import('./pages/consultation/projector').then((page) => page.ProjectorPage));
const ModerationPage = lazy(() => import('./pages/moderation/moderation').then((page) => page.ModerationPage));
const AuditPage = lazy(() => import('./pages/audit/audit').then((page) => page.AuditPage));

const NotFound = () => {
  const t = useMessages(common);
  return (
    <article>
      <h1>{t.notFound}</h1>
      <a href="/">{t.back}</a>
    </article>
  );
};

/** Paths the server answers itself (the API, its documents and downloads): links to them are not the app's routes. */
const APP_ROUTES = /^\/(?!api(\/|$)|health|metrics)/;

export const App = () => (
  <LanguageProvider>
    <SessionProvider>
      <LocationProvider scope={APP_ROUTES}>
        <Layout>
          <ErrorBoundary>
            <Router>
              <Route path="/" component={PlansPage} />
              <Route path="/plans/:id" component={PlanPage} />
              <Route path="/proposals/:id" component={ProposalPage} />
              <Route path="/proposals/:id/edit" component={EditorPage} />
              <Route path="/commitments/:id" component={CommitmentPage} />
              <Route path="/consultations/:id" component={ConsultationPage} />
              <Route path="/consultations/:id/projector" component={ProjectorPage} />
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
