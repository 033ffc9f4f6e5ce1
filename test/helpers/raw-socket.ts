import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A plain TCP connection to the app, for clients no HTTP or WebSocket library would be. */
export function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Resolves once the server closed the connection, or sent a WebSocket close frame (this client
 * then hangs up instead of answering it), with what it sent and how long that took.
 */
export function closedBy(socket: Socket): Promise<{ received: string; ms: number }> {
  const started = performance.now();
  let received = '';
  // Writes racing the server's close fail with EPIPE/ECONNRESET: the close is what is awaited.
  socket.on('error', () => {});
  return new Promise((resolve) => {
    const done = () => resolve({ received, ms: performance.now() - started });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (closeCode(received) !== undefined) {
        done();
        socket.destroy();
      }
    });
    socket.once('close', done);
  });
}

/** Upgrades a raw connection to graphql-transport-ws on /graphql and waits for the 101. */
export async function rawWebSocket(url: string): Promise<Socket> {
  const socket = await openSocket(url);
  socket.write(
    [
      'GET /graphql HTTP/1.1',
      `Host: ${new URL(url).host}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: graphql-transport-ws',
      '',
      '',
    ].join('\r\n'),
  );
  await new Promise<void>((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (head.startsWith('HTTP/1.1 101')) resolve();
      else reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
    };
    socket.on('data', onData);
  });
  return socket;
}

/** The header of a masked client text frame announcing `length` payload bytes (mask key 0: the payload goes as is). */
export function textFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, 0x80 | length, 0, 0, 0, 0]);
  if (length < 65_536) return Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff, 0, 0, 0, 0]);
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/** The close code in the first close frame (opcode 8) of what the server sent, if any. */
export function closeCode(received: string): number | undefined {
  const bytes = Buffer.from(received, 'latin1');
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 0x88 && bytes[i + 1] >= 2 && bytes[i + 1] < 126) return bytes.readUInt16BE(i + 2);
  }
  return undefined;
}
