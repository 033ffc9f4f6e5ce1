import { Provider, useQuery } from '@urql/preact';
import { ErrorBoundary, LocationProvider, Route, Router, lazy, useLocation } from 'preact-iso';
import { useMemo } from 'preact/hooks';
import type { PortalConfig } from './boot/config.ts';
import type { PortalClient } from './client.ts';
import type { Client } from '@urql/core';
import { EndpointsQuery } from './pages/endpoints/documents.ts';
import { EndpointsPage } from './pages/endpoints/page.tsx';
import { BASE, paths } from './paths.ts';
import { Brand } from './ui/brand.tsx';
import { ErrorNote } from './ui/errors.tsx';
import { LiveIndicator, SocketContext } from './ui/live.tsx';
import { useTitle } from './ui/title.ts';
import { ViewerContext, ViewerQuery, type Viewer } from './viewer.ts';

// The first page (endpoints) is in the entry chunk; the others load when first opened.
const EventsPage = lazy(() => import('./pages/events/page.tsx').then((m) => m.EventsPage));
const EventPage = lazy(() => import('./pages/event/page.tsx').then((m) => m.EventPage));
const IssuesPage = lazy(() => import('./pages/issues.tsx').then((m) => m.IssuesPage));
const SignaturesPage = lazy(() => import('./pages/signatures.tsx').then((m) => m.SignaturesPage));

const NAV: Array<{ href: string; label: string; short?: string; match: (path: string) => boolean }> = [
  { href: paths.endpoints, label: 'Endpoints', match: (path: string) => path === BASE },
  { href: paths.events, label: 'Event log', match: (path: string) => path.startsWith(paths.events) },
  { href: paths.issues, label: 'Issues', match: (path: string) => path.startsWith(paths.issues) },
  { href: paths.signatures, label: 'Verifying signatures', short: 'Signatures', match: (path: string) => path.startsWith(paths.signatures) },
];

/**
 * The session and the first page's data, asked for at once at start rather than one after the
 * other from the components' effects: their own queries then find the answers in the cache (or
 * share the requests still under way).
 */
export function prefetch(client: Client): void {
  void client.query(ViewerQuery, {}).toPromise();
  if (location.pathname.replace(/\/+$/, '') === BASE) void client.query(EndpointsQuery, {}).toPromise();
}

export function App({ portal, config }: { portal: PortalClient; config: PortalConfig }) {
  return (
    <Provider value={portal.client}>
      <SocketContext.Provider value={portal.socketState}>
        <LocationProvider scope={BASE}>
          <Shell config={config} />
        </LocationProvider>
      </SocketContext.Provider>
    </Provider>
  );
}

function Shell({ config }: { config: PortalConfig }) {
  const { path } = useLocation();
  const [{ data, error }] = useQuery({ query: ViewerQuery, requestPolicy: 'cache-first' });
  const viewer = useMemo<Viewer | null>(() => {
    const v = data?.viewer;
    if (!v?.source) return null;
    return { sourceId: v.source.id, sourceName: v.source.name, capabilities: v.capabilities, expiresAt: v.expiresAt ?? null, returnUrl: v.returnUrl ?? null, config };
  }, [data, config]);

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <Brand config={config} />
          <span class="topbar-product">Webhooks</span>
          <span class="topbar-spacer" />
          <LiveIndicator />
        </div>
        <nav class="nav" aria-label="Portal">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={item.match(path) ? 'page' : undefined}>
                  {item.short ? (
                    <>
                      <span class="label-long">{item.label}</span>
                      <span class="label-short">{item.short}</span>
                    </>
                  ) : (
                    item.label
                  )}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" class="content" tabIndex={-1}>
        {viewer ? (
          <ViewerContext.Provider value={viewer}>
            <ErrorBoundary>
              <Router>
                <Route path={BASE} component={EndpointsPage} />
                <Route path={`${BASE}/events`} component={EventsPage} />
                <Route path={`${BASE}/events/:id`} component={EventPage} />
                <Route path={`${BASE}/issues`} component={IssuesPage} />
                <Route path={`${BASE}/signatures`} component={SignaturesPage} />
                <Route default component={NotFound} />
              </Router>
            </ErrorBoundary>
          </ViewerContext.Provider>
        ) : error ? (
          <ErrorNote error={error} title="The portal could not start." />
        ) : data?.viewer && !data.viewer.source ? (
          <div class="notice">This portal shows one tenant's webhooks: open it with a session link from createPortalSession, not with the admin key.</div>
        ) : (
          <p class="loading" role="status">
            Loading…
          </p>
        )}
      </main>
    </>
  );
}

function NotFound() {
  useTitle('Not found');
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <a href={paths.endpoints}>Go to your endpoints</a>
      </p>
    </section>
  );
}
