import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A 28 x 28 square: the size the portal's topbar shows a logo at. */
const LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28" viewBox="0 0 28 28"><rect width="28" height="28" rx="6" fill="#0e7490"/></svg>';

export interface LogoServer {
  /** http://127.0.0.1:<port>/logo.svg: an origin of its own, apart from the app's. */
  url: string;
  /** How many times the logo was fetched. */
  readonly served: number;
  close(): Promise<void>;
}

/** A platform's image host, on 127.0.0.1 and port 0, serving one SVG logo (404 for anything else). */
export async function startLogoServer(): Promise<LogoServer> {
  let served = 0;
  const server = http.createServer((req, res) => {
    if (req.url !== '/logo.svg') return void res.writeHead(404).end();
    served += 1;
    res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' }).end(LOGO_SVG);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/logo.svg`,
    get served() {
      return served;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
