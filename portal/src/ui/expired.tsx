import type { PortalConfig } from '../boot/config.ts';
import { safeUrl } from '../boot/config.ts';
import { Brand } from './brand.tsx';

/** The page an expired, revoked or invalid session gets, with the way back to the platform. */
export function ExpiredPage({ config, message, returnUrl }: { config: PortalConfig; message: string; returnUrl: string | null }) {
  const back = safeUrl(returnUrl) ?? config.returnUrl;
  return (
    <div class="expired">
      <main id="main" class="expired-card">
        <Brand config={config} />
        <h1>This link has expired or is invalid</h1>
        <p class="muted">{message}</p>
        {back ? (
          <p>
            <a class="btn btn-primary" href={back}>
              Return to {config.name}
            </a>
          </p>
        ) : (
          <p>Open this page again from {config.name} to get a new link.</p>
        )}
      </main>
    </div>
  );
}
