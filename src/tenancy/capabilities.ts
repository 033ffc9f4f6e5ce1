/**
 * What a tenant token (a portal session) may do beyond reading its own source. The portal hides
 * what a session lacks; the server refuses it on every call (authorization.ts).
 */
export const CAPABILITIES = ['MANAGE_ENDPOINTS', 'VIEW_SECRETS', 'RETRY'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const CAPABILITY_DESCRIPTIONS: Record<Capability, string> = {
  MANAGE_ENDPOINTS: 'Add, edit, pause, delete endpoints; send test events.',
  VIEW_SECRETS: 'Reveal and rotate signing secrets.',
  RETRY: 'Retry, cancel and bulk-retry events.',
};
