import type { PortalConfig } from '../boot/config.ts';

export function Brand({ config }: { config: PortalConfig }) {
  return (
    <span class="brand">
      {config.logoUrl ? <img class="brand-logo" src={config.logoUrl} alt="" width={28} height={28} /> : <span class="brand-mark" aria-hidden="true">{config.name.slice(0, 1).toUpperCase()}</span>}
      <span class="brand-name">{config.name}</span>
    </span>
  );
}
