import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { UsageError } from '../kit/errors/index.ts';
import { applyLocal, planFor, runPlan, type StepOutcome } from '../ops/remediate/index.ts';
import { SCENARIOS, diagnose, observe } from '../ops/status/index.ts';
import type { ConsoleContext } from './console-context.ts';
import { parseInput } from './console-input.ts';

const scenarioParams = z.object({ scenario: z.enum(SCENARIOS) });
const applyBody = z.object({ confirm: z.literal(true) });

/** The Now page's API: the status view, its live stream, and the remediation plan. */
export function nowRoutes(app: FastifyInstance, context: ConsoleContext): void {
  const { stateDir, clock, feed } = context;

  app.get('/api/now', async () => feed.latest());

  app.get('/api/now/stream', (request, reply) => {
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    const unsubscribe = feed.subscribe((view) => {
      reply.raw.write(`event: now\ndata: ${JSON.stringify(view)}\n\n`);
    });
    request.raw.on('close', unsubscribe);
    return reply;
  });

  app.get('/api/remediate/:scenario', async (request) => {
    const { scenario } = parseInput(scenarioParams, request.params, 'params');
    return planFor(scenario, await observe({ stateDir, clock }));
  });

  app.post('/api/remediate/:scenario/apply', { config: { access: 'admin' } }, async (request) => {
    const { scenario } = parseInput(scenarioParams, request.params, 'params');
    parseInput(applyBody, request.body ?? {}, 'body');
    const observations = await observe({ stateDir, clock });
    if (observations.profile !== 'local')
      throw new UsageError('remediation runs on the local profile only; this cluster is embedded');
    const plan = planFor(scenario, observations);
    const outcomes: StepOutcome[] = await runPlan(plan, {
      clock,
      observe: () => observe({ stateDir, clock }),
      apply: (action, current) => applyLocal(action, { stateDir, clock, observations: current }),
    });
    const after = diagnose(await observe({ stateDir, clock }));
    return { plan, outcomes, after };
  });
}
