import { z } from 'zod';
import { SERVICE_NAMES } from '../../kit/platform/index.ts';
import type { PlatformClient, Answer } from './platform-client.ts';

/** What the checkpoints of one run share: the run's ids and what earlier checkpoints found. */
export interface LoopState {
  rimNodeId: string;
  signalId?: string;
  capsuleId?: string;
  planId?: string;
  actionId?: string;
}

/** One step of the golden loop. */
export interface Checkpoint {
  name: string;
  description: string;
  /** Runs the step; resolves with a short detail, throws with the reason it failed. */
  run(client: PlatformClient, state: LoopState, signal: AbortSignal): Promise<string>;
}

/** Thrown when a checkpoint sees something other than what the loop needs. */
export class CheckpointFailure extends Error {}

function expectStatus(answer: Answer, expected: number[], what: string): void {
  if (!expected.includes(answer.status)) {
    throw new CheckpointFailure(
      `${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
    );
  }
}

/** The fields of an answer the loop relies on; anything else in the body is ignored. */
function read<T extends z.ZodType>(answer: Answer, schema: T, what: string): z.output<T> {
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success)
    throw new CheckpointFailure(`${what}: unexpected answer ${JSON.stringify(answer.body).slice(0, 200)}`);
  return parsed.data;
}

const health = z.object({ status: z.string() });
const accepted = z.object({ signalId: z.string() });
const nodeState = z.object({
  status: z.string(),
  capsuleId: z.string().nullable(),
  lastOutcome: z.object({ actionId: z.string() }).nullable(),
});
const capsule = z.object({ header: z.object({ scope: z.object({ scopeId: z.string() }) }) });
const observations = z.object({
  totalElements: z.number(),
  content: z.array(z.object({ capsuleId: z.string() })),
});
const decision = z.object({ decision: z.string(), policySource: z.string() });
const created = z.object({ id: z.string() });
const plan = z.object({ status: z.string(), steps: z.array(z.unknown()) });
const actions = z.object({ content: z.array(z.object({ actionId: z.string(), outcomeStatus: z.string() })) });

/** PERCEPTION's state of the loop's RIM node, or undefined while it has none (404). */
async function nodeStateOf(
  client: PlatformClient,
  rimNodeId: string,
): Promise<z.output<typeof nodeState> | undefined> {
  const answer = await client.send('perception', 'GET', `/api/v1/state/${encodeURIComponent(rimNodeId)}`);
  return answer.status === 200 ? read(answer, nodeState, 'GET /api/v1/state') : undefined;
}

/** Polls until `probe` returns a value, or the checkpoint's budget aborts it. */
async function until<T>(
  signal: AbortSignal,
  probe: () => Promise<T | undefined>,
  waiting: () => string,
): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (signal.aborted) throw new CheckpointFailure(waiting());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const GOLDEN_POLICY = {
  namespace: 'golden-path',
  name: 'golden-path-guard',
  policyType: 'GUARDRAIL',
  rules: [{ ruleId: 'no-huge-amounts', condition: 'action.parameters.amount > 1000000', action: 'DENY' }],
  scope: {},
};

/** The loop: health → signal → capsule → observation → evaluation and plan → action → outcome. */
export const CHECKPOINTS: readonly Checkpoint[] = [
  {
    name: 'health',
    description: 'all six services report UP',
    async run(client) {
      const answers = await Promise.all(
        SERVICE_NAMES.map(
          async (name) => [name, await client.send(name, 'GET', '/actuator/health')] as const,
        ),
      );
      const statusOf = (answer: Answer) =>
        health.safeParse(answer.body).data?.status ?? `HTTP ${answer.status}`;
      const unhealthy = answers.filter(([, answer]) => answer.status !== 200 || statusOf(answer) !== 'UP');
      if (unhealthy.length > 0) {
        throw new CheckpointFailure(
          `not UP: ${unhealthy.map(([name, answer]) => `${name} (${statusOf(answer)})`).join(', ')}`,
        );
      }
      return 'perception, capsule, odyssey, plato, nexus, synapse UP';
    },
  },
  {
    name: 'signal',
    description: 'PERCEPTION accepts a signal',
    async run(client, state) {
      const answer = await client.send('perception', 'POST', '/api/v1/signals', {
        signalType: 'golden-path',
        source: 'butterfly-e2e',
        rimNodeId: state.rimNodeId,
        payload: { amount: 42, probe: true },
        metadata: { runner: 'golden-path' },
      });
      expectStatus(answer, [202], 'POST /api/v1/signals');
      state.signalId = read(answer, accepted, 'POST /api/v1/signals').signalId;
      return `signal ${state.signalId}`;
    },
  },
  {
    name: 'capsule',
    description: 'CAPSULE stored the capsule for the signal',
    async run(client, state, signal) {
      const capsuleId = await until(
        signal,
        async () => (await nodeStateOf(client, state.rimNodeId))?.capsuleId ?? undefined,
        () => 'PERCEPTION never recorded a capsule for the signal',
      );
      const stored = await client.send('capsule', 'GET', `/api/v1/capsules/${encodeURIComponent(capsuleId)}`);
      expectStatus(stored, [200], 'GET /api/v1/capsules/{id}');
      if (read(stored, capsule, 'GET /api/v1/capsules/{id}').header.scope.scopeId !== state.rimNodeId) {
        throw new CheckpointFailure(`capsule ${capsuleId} has the wrong scope`);
      }
      state.capsuleId = capsuleId;
      return `capsule ${capsuleId}`;
    },
  },
  {
    name: 'observation',
    description: 'ODYSSEY incorporated the capsule into the entity',
    async run(client, state, signal) {
      const count = await until(
        signal,
        async () => {
          const answer = await client.send(
            'odyssey',
            'GET',
            `/api/v1/entities?entityId=${encodeURIComponent(state.rimNodeId)}`,
          );
          if (answer.status !== 200) return undefined;
          const page = read(answer, observations, 'GET /api/v1/entities');
          return page.content.some((o) => o.capsuleId === state.capsuleId) ? page.totalElements : undefined;
        },
        () => `ODYSSEY has no observation of capsule ${state.capsuleId}`,
      );
      return `${count} observation(s) of ${state.rimNodeId}`;
    },
  },
  {
    name: 'governance',
    description: 'PLATO approves the action',
    async run(client, state) {
      const policy = await client.send('plato', 'POST', '/api/v1/policies', GOLDEN_POLICY);
      expectStatus(policy, [201, 409], 'POST /api/v1/policies');
      const answer = await client.send('plato', 'POST', '/api/v1/governance/evaluate', {
        rimNodeId: state.rimNodeId,
        action: { type: 'EXECUTE', parameters: { amount: 42 } },
        context: { runner: 'golden-path' },
      });
      expectStatus(answer, [200], 'POST /api/v1/governance/evaluate');
      const evaluation = read(answer, decision, 'POST /api/v1/governance/evaluate');
      if (evaluation.decision !== 'APPROVE')
        throw new CheckpointFailure(`decision ${evaluation.decision}, expected APPROVE`);
      return `APPROVE (${evaluation.policySource})`;
    },
  },
  {
    name: 'plan',
    description: 'PLATO runs a plan whose EXECUTE step goes to SYNAPSE',
    async run(client, state, signal) {
      const createdPlan = await client.send('plato', 'POST', '/api/v1/plans', {
        namespace: 'golden-path',
        rimNodeId: state.rimNodeId,
        steps: [
          { name: 'validate', action: { type: 'VALIDATE' }, dependsOn: [] },
          {
            name: 'execute',
            action: { type: 'EXECUTE', toolId: 'noop.echo', parameters: { amount: 42 } },
            dependsOn: ['validate'],
          },
          {
            name: 'record',
            action: { type: 'RECORD', parameters: { note: 'golden path' } },
            dependsOn: ['execute'],
          },
        ],
      });
      expectStatus(createdPlan, [201], 'POST /api/v1/plans');
      state.planId = read(createdPlan, created, 'POST /api/v1/plans').id;
      const started = await client.send('plato', 'POST', `/api/v1/plans/${state.planId}/execute`, {
        mode: 'EXECUTE',
      });
      expectStatus(started, [202], 'POST /api/v1/plans/{id}/execute');
      const finished = await until(
        signal,
        async () => {
          const answer = await client.send('plato', 'GET', `/api/v1/plans/${state.planId}`);
          if (answer.status !== 200) return undefined;
          const current = read(answer, plan, 'GET /api/v1/plans/{id}');
          return current.status !== 'EXECUTING' && current.status !== 'PENDING' ? current : undefined;
        },
        () => `plan ${state.planId} still executing`,
      );
      if (finished.status !== 'COMPLETED') {
        throw new CheckpointFailure(
          `plan ${state.planId} ended ${finished.status}: ${JSON.stringify(finished.steps).slice(0, 300)}`,
        );
      }
      return `plan ${state.planId} COMPLETED`;
    },
  },
  {
    name: 'action',
    description: 'SYNAPSE executed the action',
    async run(client, state) {
      const answer = await client.send(
        'synapse',
        'GET',
        `/api/v1/actions?planId=${encodeURIComponent(state.planId ?? '')}`,
      );
      expectStatus(answer, [200], 'GET /api/v1/actions');
      const action = read(answer, actions, 'GET /api/v1/actions').content[0];
      if (!action) throw new CheckpointFailure(`SYNAPSE has no action for plan ${state.planId}`);
      if (action.outcomeStatus !== 'SUCCESS')
        throw new CheckpointFailure(`action ${action.actionId} ended ${action.outcomeStatus}`);
      state.actionId = action.actionId;
      return `action ${action.actionId} SUCCESS`;
    },
  },
  {
    name: 'outcome',
    description: 'the outcome came back to PERCEPTION (loop closed)',
    async run(client, state, signal) {
      await until(
        signal,
        async () => {
          const node = await nodeStateOf(client, state.rimNodeId);
          const closed = node?.status === 'ACTIVE' && node.lastOutcome?.actionId === state.actionId;
          return closed ? true : undefined;
        },
        () => `PERCEPTION has not received the outcome of action ${state.actionId}`,
      );
      return `${state.rimNodeId} ACTIVE with outcome ${state.actionId}`;
    },
  },
];
