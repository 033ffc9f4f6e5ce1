import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { graphql } from './gql/index.ts';
import type { PortalCapability } from './gql/graphql.ts';
import type { PortalConfig } from './boot/config.ts';

export const ViewerQuery = graphql(`
  query PortalViewer {
    viewer {
      source { id name }
      capabilities
      expiresAt
      returnUrl
    }
  }
`);

export interface Viewer {
  sourceId: string;
  sourceName: string;
  capabilities: readonly PortalCapability[];
  expiresAt: string | null;
  returnUrl: string | null;
  config: PortalConfig;
}

export const ViewerContext = createContext<Viewer | null>(null);

/** The session's source and capabilities; pages render only once it is known. */
export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer outside of the viewer provider');
  return viewer;
}

/** What the page shows is what the session may do; the server enforces it either way. */
export function useCan(capability: PortalCapability): boolean {
  return useViewer().capabilities.includes(capability);
}
