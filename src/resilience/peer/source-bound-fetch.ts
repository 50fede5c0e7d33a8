import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** The part of fetch a PeerClient uses. */
export type PeerFetch = (
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<Response>;

// Statuses whose Response must have a null body.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A PeerFetch whose connections leave from `localAddress`. On the local profile every pod has its
 * own loopback address but the kernel picks 127.0.0.1 as the source of any loopback connection,
 * so without this a partition rule between two pods' addresses never matches their traffic.
 * Built on node:http's Agent (`localAddress`, kept alive): Node's bundled fetch takes an undici
 * dispatcher, but undici is not a dependency of this project.
 */
export function sourceBoundFetch(localAddress: string): PeerFetch {
  const agents = {
    http: new HttpAgent({ keepAlive: true, localAddress }),
    https: new HttpsAgent({ keepAlive: true, localAddress }),
  };
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const options = {
        method: init.method,
        headers: init.headers,
        signal: init.signal,
        agent: secure ? agents.https : agents.http,
      };
      const request = (secure ? httpsRequest : httpRequest)(url, options, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const status = response.statusCode ?? 502;
          const body = NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers: headersOf(response.headers) }));
        });
      });
      request.on('error', reject);
      request.end(init.body);
    });
}

function headersOf(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}
