// The resilience pipeline's cost, each figure beside a baseline measured in the same run:
// per-call overhead of a peer call (retry + breaker + timeout, and the whole PeerClient) against a
// bare call and against cockatiel's own policies composed directly, on a no-op async function
// and on a local in-process HTTP server; then how fast an open breaker refuses (p50/p99 in µs).
// Variants are measured in interleaved rounds so machine noise hits them alike; compare ratios.
import { createServer } from 'node:http';
import {
  CountBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleAll,
  handleWhen,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import { BreakerRegistry, DEFAULT_BREAKER_OPTIONS } from '../src/resilience/breaker/index.ts';
import { PeerClient, isTransientPeerFailure, sourceBoundFetch } from '../src/resilience/peer/index.ts';
import { DEFAULT_RETRY_OPTIONS, boundedRetry } from '../src/resilience/retry/index.ts';
import { percentile } from './stats.ts';

// Each variant runs for a time budget per round, so the whole run stays near 25 s on any machine.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const NOOP_ROUND_MS = Number(process.env.BENCH_NOOP_ROUND_MS ?? 150);
const HTTP_ROUND_MS = Number(process.env.BENCH_HTTP_ROUND_MS ?? 300);
const REFUSAL_ROUND_MS = Number(process.env.BENCH_REFUSAL_ROUND_MS ?? 200);
const TIMEOUT_MS = 2000;
// As PeerClient sets its timeout, so both sides of the comparison pay the same.
const TIMEOUT_OPTIONS = { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false };

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(60)} ${value}\n`);
}

const median = (samples: readonly number[]): number => percentile(samples, 50);
const us = (ms: number): string => `${(ms * 1000).toFixed(2)} µs`;

/** cockatiel used directly: the same three policies, composed by cockatiel's own wrap(). */
function cockatielDirect() {
  return wrap(
    retry(handleWhen(isTransientPeerFailure), {
      maxAttempts: DEFAULT_RETRY_OPTIONS.attempts - 1,
      backoff: new ExponentialBackoff({
        initialDelay: DEFAULT_RETRY_OPTIONS.initialDelayMs,
        maxDelay: DEFAULT_RETRY_OPTIONS.maxDelayMs,
      }),
    }),
    circuitBreaker(handleAll, {
      halfOpenAfter: DEFAULT_BREAKER_OPTIONS.openMs,
      breaker: new CountBreaker({
        threshold: DEFAULT_BREAKER_OPTIONS.failureRateThreshold / 100,
        size: DEFAULT_BREAKER_OPTIONS.windowSize,
        minimumNumberOfCalls: DEFAULT_BREAKER_OPTIONS.minimumCalls,
      }),
    }),
    timeout(TIMEOUT_MS, TIMEOUT_OPTIONS),
  );
}

/** Our pipeline without HTTP framing: the layering PeerClient uses, around any call. */
function namedPipeline() {
  const breaker = new BreakerRegistry().get('bench-client');
  const retryPolicy = boundedRetry(DEFAULT_RETRY_OPTIONS, isTransientPeerFailure);
  const timeoutPolicy = timeout(TIMEOUT_MS, TIMEOUT_OPTIONS);
  return <T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> =>
    retryPolicy.execute(() =>
      breaker.execute((signal) => timeoutPolicy.execute(({ signal: timed }) => call(timed), signal)),
    );
}

/** Measures each variant in `ROUNDS` interleaved rounds; returns every sample per variant. */
async function interleaved(
  variants: Record<string, () => Promise<number[]>>,
): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (const run of Object.values(variants)) await run(); // warm-up round, not counted
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, run] of Object.entries(variants)) samples[name]!.push(...(await run()));
  }
  return samples;
}

/**
 * Mean time per call of sequential calls for `budgetMs`, one sample per 100 calls: a call of a
 * fraction of a microsecond is below what timing each one can resolve.
 */
async function batches(budgetMs: number, call: () => Promise<unknown>): Promise<number[]> {
  const means: number[] = [];
  const end = performance.now() + budgetMs;
  while (performance.now() < end) {
    const started = performance.now();
    for (let i = 0; i < 100; i += 1) await call();
    means.push((performance.now() - started) / 100);
  }
  return means;
}

/** Latency of each sequential call for `budgetMs`. */
async function each(budgetMs: number, call: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  const end = performance.now() + budgetMs;
  while (performance.now() < end) {
    const begun = performance.now();
    await call();
    latencies.push(performance.now() - begun);
  }
  return latencies;
}

function report(title: string, samples: Record<string, number[]>, baseline: string): void {
  process.stdout.write(`\n${title}\n`);
  const base = median(samples[baseline]!);
  for (const [name, values] of Object.entries(samples)) {
    const value = median(values);
    const overhead = name === baseline ? '' : `  (+${us(value - base)}, ${(value / base).toFixed(2)}x)`;
    line(`  ${name}`, `${us(value)}${overhead}`);
  }
}

process.stdout.write(
  `resilience pipeline: ${ROUNDS} interleaved rounds of ${NOOP_ROUND_MS} ms (no-op), ${HTTP_ROUND_MS} ms (HTTP), ${REFUSAL_ROUND_MS} ms (refusals) per variant\n`,
);

// 1. A no-op async function: the pure cost of the policies.
const noop = async (): Promise<number> => 1;
const direct = cockatielDirect();
const pipeline = namedPipeline();
const noopSamples = await interleaved({
  'baseline: bare await of a no-op async function': () => batches(NOOP_ROUND_MS, noop),
  'cockatiel direct: wrap(retry, circuitBreaker, timeout)': () =>
    batches(NOOP_ROUND_MS, () => direct.execute(noop)),
  'Butterfly: retry + NamedBreaker + timeout': () => batches(NOOP_ROUND_MS, () => pipeline(noop)),
});
report('no-op call, median per call', noopSamples, 'baseline: bare await of a no-op async function');
const noopDirect = median(noopSamples['cockatiel direct: wrap(retry, circuitBreaker, timeout)']!);
const noopOurs = median(noopSamples['Butterfly: retry + NamedBreaker + timeout']!);
line('  Butterfly / cockatiel direct', `${(noopOurs / noopDirect).toFixed(2)}x`);

// 2. A local in-process HTTP server: what the pipeline adds to a real round trip.
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const url = new URL('/api/v1/entities', baseUrl);
const context = {
  tenant: 'bench',
  correlationId: 'bench',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};
const bareFetch = async (signal?: AbortSignal): Promise<unknown> => {
  const response = await fetch(url, {
    headers: { accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  return JSON.parse(await response.text()) as unknown;
};
const boundFetch = sourceBoundFetch('127.0.0.1');
const bareBound = async (): Promise<unknown> => {
  const response = await boundFetch(url, {
    method: 'GET',
    headers: { accept: 'application/json' },
    signal: new AbortController().signal,
  });
  return JSON.parse(await response.text()) as unknown;
};
const peer = new PeerClient({ target: 'capsule', baseUrl, timeoutMs: TIMEOUT_MS }, new BreakerRegistry());
const boundPeer = new PeerClient(
  { target: 'capsule', baseUrl, timeoutMs: TIMEOUT_MS, sourceAddress: '127.0.0.1' },
  new BreakerRegistry(),
);
const httpSamples = await interleaved({
  'baseline: bare fetch GET': () => each(HTTP_ROUND_MS, () => bareFetch()),
  'bare fetch GET with an AbortSignal (no policy)': () =>
    each(HTTP_ROUND_MS, () => bareFetch(new AbortController().signal)),
  'cockatiel direct around fetch': () =>
    each(HTTP_ROUND_MS, () => direct.execute(({ signal }) => bareFetch(signal))),
  'Butterfly pipeline around fetch': () => each(HTTP_ROUND_MS, () => pipeline((signal) => bareFetch(signal))),
  'PeerClient.get (fetch)': () => each(HTTP_ROUND_MS, () => peer.get('/api/v1/entities', context)),
  'baseline: bare source-bound node:http GET': () => each(HTTP_ROUND_MS, bareBound),
  'PeerClient.get (source-bound node:http)': () =>
    each(HTTP_ROUND_MS, () => boundPeer.get('/api/v1/entities', context)),
});
report('local HTTP round trip, median per call', httpSamples, 'baseline: bare fetch GET');
const boundBase = median(httpSamples['baseline: bare source-bound node:http GET']!);
const boundPeerMedian = median(httpSamples['PeerClient.get (source-bound node:http)']!);
line(
  '  PeerClient (source-bound) vs its own bare transport',
  `+${us(boundPeerMedian - boundBase)}, ${(boundPeerMedian / boundBase).toFixed(2)}x`,
);
server.closeAllConnections();
await new Promise<void>((resolve) => server.close(() => resolve()));

// 3. Fail-fast: a breaker opened by real failures refuses without touching the network.
const deadBreakers = new BreakerRegistry();
const deadPeer = new PeerClient(
  {
    target: 'odyssey',
    baseUrl: 'http://127.0.0.1:9',
    timeoutMs: TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY_OPTIONS, attempts: 1 },
  },
  deadBreakers,
);
while (deadBreakers.get('odyssey-client').state !== 'OPEN') await deadPeer.get('/x', context).catch(() => {});
const openBreaker = deadBreakers.get('odyssey-client');
const refuse = (promise: Promise<unknown>) => promise.catch(() => undefined);
const refusalSamples = await interleaved({
  'NamedBreaker.execute, open': () => each(REFUSAL_ROUND_MS, () => refuse(openBreaker.execute(noop))),
  'PeerClient.get, breaker open (full pipeline)': () =>
    each(REFUSAL_ROUND_MS, () => refuse(deadPeer.get('/x', context))),
});
process.stdout.write('\nopen breaker: time to refuse\n');
for (const [name, values] of Object.entries(refusalSamples)) {
  line(`  ${name}`, `p50 ${us(percentile(values, 50))}  p99 ${us(percentile(values, 99))}`);
}
line(
  '  baseline: bare no-op call (from 1.)',
  us(median(noopSamples['baseline: bare await of a no-op async function']!)),
);
if (openBreaker.state !== 'OPEN')
  throw new Error(`the breaker left OPEN during the run: ${openBreaker.state}`);
