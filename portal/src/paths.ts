/** Where the portal is served (Vite's base, '/portal/'), without the trailing slash. */
export const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

export const paths = {
  endpoints: `${BASE}/`,
  events: `${BASE}/events`,
  event: (id: string) => `${BASE}/events/${encodeURIComponent(id)}`,
  issues: `${BASE}/issues`,
  signatures: `${BASE}/signatures`,
};

/** A path with a query string built from the non-empty values. */
export function withQuery(path: string, query: Record<string, string | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
