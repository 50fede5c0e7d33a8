import { z } from 'zod';
import { UpstreamUnavailableError, ValidationError } from '../../kit/errors/index.ts';

/** One series of an instant query's answer: its labels and its value at `at` (epoch ms). */
export interface PromSample {
  metric: Record<string, string>;
  /** NaN and ±Infinity are kept as such (Prometheus sends "NaN", "+Inf", "-Inf"). */
  value: number;
  at: number;
}

/** Instant queries against a Prometheus HTTP API (`/api/v1/query`), for steady-state checks on Kubernetes. */
export interface PrometheusClient {
  query(promql: string, options?: { time?: number; signal?: AbortSignal }): Promise<PromSample[]>;
}

/** Where Prometheus is and how long a query may take. */
export interface PrometheusOptions {
  /** e.g. `http://prometheus-operated.monitoring:9090` (a path prefix is kept). */
  baseUrl: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

const pointSchema = z.tuple([z.number(), z.string()]);
const answerSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [
      z.object({
        resultType: z.literal('vector'),
        result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: pointSchema })),
      }),
      z.object({ resultType: z.literal('scalar'), result: pointSchema }),
      z.object({ resultType: z.literal('matrix'), result: z.array(z.unknown()) }),
      z.object({ resultType: z.literal('string'), result: pointSchema }),
    ]),
    warnings: z.array(z.string()).optional(),
  }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
]);

/** A sample value as Prometheus writes it. */
export function parsePromValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value))
    throw new TypeError(`not a Prometheus sample value: '${text}'`);
  return value;
}

function sample(metric: Record<string, string>, [seconds, text]: readonly [number, string]): PromSample {
  return { metric, value: parsePromValue(text), at: Math.round(seconds * 1000) };
}

/**
 * A Prometheus client for instant queries. A query Prometheus cannot parse (`bad_data`) or one
 * that yields a range or a string is a ValidationError naming the query; Prometheus unreachable,
 * timing out or failing to execute is UpstreamUnavailableError — a steady-state probe that fails.
 */
export function createPrometheusClient(options: PrometheusOptions): PrometheusClient {
  const endpoint = new URL(
    'api/v1/query',
    options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
  );
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async query(promql, query = {}) {
      const url = new URL(endpoint);
      url.searchParams.set('query', promql);
      if (query.time !== undefined) url.searchParams.set('time', (query.time / 1000).toFixed(3));
      url.searchParams.set('timeout', `${Math.max(1, Math.floor(timeoutMs / 1000))}s`);
      const signals = [AbortSignal.timeout(timeoutMs), ...(query.signal ? [query.signal] : [])];
      let response: Response;
      let body: unknown;
      try {
        response = await fetch(url, {
          headers: { accept: 'application/json', ...options.headers },
          signal: AbortSignal.any(signals),
        });
        body = await response.json();
      } catch (error) {
        throw new UpstreamUnavailableError(
          'prometheus',
          `${endpoint.origin}: ${(error as Error).message}`,
          5,
          { cause: error },
        );
      }
      const parsed = answerSchema.safeParse(body);
      if (!parsed.success) {
        throw new UpstreamUnavailableError(
          'prometheus',
          `HTTP ${response.status} with an answer that is not the query API's`,
        );
      }
      const answer = parsed.data;
      if (answer.status === 'error') {
        if (answer.errorType === 'bad_data') {
          throw new ValidationError(`Prometheus cannot run '${promql}': ${answer.error}`, [
            { field: 'query', message: answer.error },
          ]);
        }
        throw new UpstreamUnavailableError('prometheus', `${answer.errorType}: ${answer.error}`);
      }
      const { data } = answer;
      if (data.resultType === 'vector') return data.result.map((r) => sample(r.metric, r.value));
      if (data.resultType === 'scalar') return [sample({}, data.result)];
      throw new ValidationError(`'${promql}' gives a ${data.resultType}, not an instant vector or scalar`, [
        { field: 'query', message: `use an expression without a range selector (got a ${data.resultType})` },
      ]);
    },
  };
}

/** The one value of a query expected to yield exactly one series (e.g. a `sum(...)`); anything else is a ValidationError. */
export function singleValue(samples: readonly PromSample[], promql: string): number {
  if (samples.length !== 1) {
    throw new ValidationError(`'${promql}' gave ${samples.length} series; expected exactly one`, [
      { field: 'query', message: 'aggregate it (sum, max, …) to one series' },
    ]);
  }
  return samples[0]!.value;
}
