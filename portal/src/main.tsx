import { render } from 'preact';
import { applyBranding, readConfig } from './boot/config.ts';
import { takeToken } from './boot/session.ts';
import { App, prefetch } from './app.tsx';
import { createPortalClient, type Unauthenticated } from './client.ts';
import { ExpiredPage } from './ui/expired.tsx';
import { setProductName } from './ui/title.ts';

const config = readConfig();
applyBranding(config);
setProductName(config.name);
const root = document.getElementById('app') as HTMLElement;
const token = takeToken();

const expire = (reason: Unauthenticated) => {
  document.title = `Link expired · ${config.name}`;
  render(<ExpiredPage config={config} message={reason.message} returnUrl={reason.returnUrl} />, root);
};

if (!token) {
  expire({ message: 'This page opens from a link your application gives you; this one carries no session.', returnUrl: null });
} else {
  const portal = createPortalClient(token, (reason) => {
    // dispose() waits for the socket's connection, which fails (a CloseEvent) when the server
    // refused the token: then there is nothing left to close.
    void Promise.resolve(portal.socket.dispose()).catch(() => undefined);
    expire(reason);
  });
  prefetch(portal.client);
  render(<App portal={portal} config={config} />, root);
}
