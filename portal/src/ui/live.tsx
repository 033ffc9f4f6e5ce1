import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SocketState } from '../client.ts';
import { useStore, type Store } from './store.ts';

export const SocketContext = createContext<Store<SocketState> | null>(null);

export function useSocketState(): SocketState {
  const source = useContext(SocketContext);
  if (!source) throw new Error('useSocketState outside of the socket provider');
  return useStore(source);
}

const TEXT: Record<SocketState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Offline',
};

const HINT: Record<SocketState, string> = {
  connecting: 'Opening the live connection',
  live: 'Updates arrive as they happen',
  reconnecting: 'The live connection dropped; reconnecting. Updates will catch up.',
  closed: 'The live connection is closed',
};

/** The socket's state, announced politely when it changes. */
export function LiveIndicator() {
  const state = useSocketState();
  return (
    <span class={`live live-${state}`} role="status" aria-live="polite" title={HINT[state]} data-state={state}>
      <span class="live-dot" aria-hidden="true" />
      {TEXT[state]}
      <span class="visually-hidden">: {HINT[state]}</span>
    </span>
  );
}
