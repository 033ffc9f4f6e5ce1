import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A fixed local address in front of a server whose port changes between starts (the embedded
 * PostgreSQL picks a free port each time), so a client configured once reaches whichever instance
 * runs, as it would through a service name. While down it does not listen at all: new connections
 * get ECONNREFUSED, as from a stopped PostgreSQL.
 */
export interface TcpProxy {
  readonly port: number;
  /** Stops accepting connections; open ones end with their upstream. */
  down(): void;
  /** Listens again on the same port, forwarding to `targetPort`. */
  up(targetPort: number): Promise<void>;
  /** Stops listening and cuts every open connection. */
  close(): void;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A reset on either side only ends the pair; clients see it as a dropped connection.
    socket.on('error', () => undefined);
  };

  const listen = (port: number) =>
    new Promise<net.Server>((resolve, reject) => {
      const listening = net.createServer((client) => {
        const upstream = net.connect(target, '127.0.0.1');
        track(client);
        track(upstream);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
      });
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        listening.off('error', reject);
        resolve(listening);
      });
    });

  server = await listen(0);
  const { port } = server.address() as AddressInfo;
  const down = () => {
    // close() stops listening at once; its callback would wait for the open connections.
    server?.close();
    server = undefined;
  };
  return {
    port,
    down,
    async up(targetPort) {
      down();
      target = targetPort;
      server = await listen(port);
    },
    close() {
      down();
      for (const socket of sockets) socket.destroy();
    },
  };
}
