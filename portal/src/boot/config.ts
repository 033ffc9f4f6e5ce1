/**
 * Branding and links, given at run time: Hookrelay replaces the comment
 * <!--hookrelay-portal-config--> in index.html with a JSON data block (type="application/json",
 * never executed, so the page's script-src 'self' CSP allows it). Without it (a plain `vite build`
 * served elsewhere) the defaults apply.
 */
export interface PortalConfig {
  name: string;
  logoUrl: string | null;
  accentColor: string;
  /** Where an expired or invalid session sends the user, when the server names none. */
  returnUrl: string | null;
}

export const DEFAULT_CONFIG: PortalConfig = { name: 'Hookrelay', logoUrl: null, accentColor: '#4f46e5', returnUrl: null };

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** Only http(s) links (or same-origin paths) are followed; anything else is dropped. */
export function safeUrl(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  try {
    const url = new URL(raw, location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** An http(s) URL or a data: image (the CSP's img-src allows both). */
function logoUrl(value: unknown): string | null {
  const raw = text(value);
  return raw?.startsWith('data:image/') ? raw : safeUrl(raw);
}

export function readConfig(doc: Document = document): PortalConfig {
  const block = doc.getElementById('hookrelay-portal-config');
  let given: Record<string, unknown> = {};
  if (block?.textContent) {
    try {
      const parsed: unknown = JSON.parse(block.textContent);
      if (parsed && typeof parsed === 'object') given = parsed as Record<string, unknown>;
    } catch {
      // A broken block is the server's bug; the portal still works with the defaults.
    }
  }
  const accent = text(given.accentColor);
  return {
    name: text(given.name) ?? DEFAULT_CONFIG.name,
    logoUrl: logoUrl(given.logoUrl),
    accentColor: accent && CSS.supports('color', accent) ? accent : DEFAULT_CONFIG.accentColor,
    returnUrl: safeUrl(given.returnUrl),
  };
}

/** Relative luminance of a #rgb / #rrggbb colour (WCAG), or null for any other notation. */
function luminance(color: string): number | null {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return null;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const THEME_KEY = 'hookrelay.portal.theme';

/**
 * The accent as CSS custom properties (through CSSOM, which the CSP allows, unlike style
 * attributes), and the theme: ?theme=light|dark, remembered for the tab, else the system's.
 */
export function applyBranding(config: PortalConfig, root: HTMLElement = document.documentElement): void {
  root.style.setProperty('--accent', config.accentColor);
  const lum = luminance(config.accentColor);
  // Text on the accent: white unless the accent is light enough that black reads better.
  root.style.setProperty('--on-accent', lum !== null && lum > 0.4 ? '#111111' : '#ffffff');

  const asked = new URLSearchParams(location.search).get('theme');
  let fixed: string | null = asked === 'light' || asked === 'dark' ? asked : null;
  try {
    if (fixed) sessionStorage.setItem(THEME_KEY, fixed);
    else fixed = sessionStorage.getItem(THEME_KEY);
  } catch {
    // Storage refused (a sandboxed frame): the theme holds for this page only.
  }
  const media = matchMedia('(prefers-color-scheme: dark)');
  const apply = () => root.setAttribute('data-theme', fixed === 'light' || fixed === 'dark' ? fixed : media.matches ? 'dark' : 'light');
  apply();
  media.addEventListener('change', apply);
}
