/**
 * The session token. The platform opens /portal#token=hrt_...: the fragment never reaches a
 * server or an access log. It is kept in sessionStorage (this tab only, gone when it closes) and
 * removed from the address bar at once, so it is not bookmarked, shared or left in history.
 */
const TOKEN_KEY = 'hookrelay.portal.token';

export function takeToken(): string | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const given = fragment.get('token');
  if (given) {
    try {
      sessionStorage.setItem(TOKEN_KEY, given);
    } catch {
      // Storage refused (a sandboxed frame): the token lives in memory until the page reloads.
    }
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    return given;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing stored.
  }
}
