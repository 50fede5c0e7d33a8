import { createServer, type IncomingHttpHeaders } from 'node:http';

/** One request a fake peer received, its body parsed from JSON. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/** A fake peer service on a free loopback port. */
export interface FakePeer {
  url: string;
  /** Every request received, in order. */
  requests: Received[];
  close(): Promise<void>;
}

/**
 * A stand-in for a peer service whose answers a test controls: records each request and
 * answers with what `answer` returns for it. Close it in `after`.
 */
export async function fakePeer(
  answer: (request: Received) => { status: number; body: unknown },
): Promise<FakePeer> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(received);
      const { status, body } = answer(received);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
