import { SERVICE_NAMES } from '../../kit/platform.ts';
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
    throw new CheckpointFailure(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
  }
}

/** Polls until `probe` returns a value, or the checkpoint's budget aborts it. */
async function until<T>(signal: AbortSignal, probe: () => Promise<T | undefined>, waiting: () => string): Promise<T> {
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
      const answers = await Promise.all(SERVICE_NAMES.map(async (name) => [name, await client.send(name, 'GET', '/actuator/health')] as const));
      const unhealthy = answers.filter(([, answer]) => answer.status !== 200 || answer.body?.status !== 'UP');
      if (unhealthy.length > 0) {
        throw new CheckpointFailure(`not UP: ${unhealthy.map(([name, answer]) => `${name} (${answer.body?.status ?? answer.status})`).join(', ')}`);
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
      state.signalId = answer.body.signalId;
      return `signal ${state.signalId}`;
    },
  },
  {
    name: 'capsule',
    description: 'CAPSULE stored the capsule for the signal',
    async run(client, state, signal) {
      const capsuleId = await until(
        signal,
        async () => {
          const answer = await client.send('perception', 'GET', `/api/v1/state/${encodeURIComponent(state.rimNodeId)}`);
          return answer.status === 200 && answer.body.capsuleId ? (answer.body.capsuleId as string) : undefined;
        },
        () => 'PERCEPTION never recorded a capsule for the signal',
      );
      const capsule = await client.send('capsule', 'GET', `/api/v1/capsules/${encodeURIComponent(capsuleId)}`);
      expectStatus(capsule, [200], 'GET /api/v1/capsules/{id}');
      if (capsule.body.header?.scope?.scopeId !== state.rimNodeId) throw new CheckpointFailure(`capsule ${capsuleId} has the wrong scope`);
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
          const answer = await client.send('odyssey', 'GET', `/api/v1/entities?entityId=${encodeURIComponent(state.rimNodeId)}`);
          const seen = answer.status === 200 && (answer.body.content as { capsuleId: string }[]).some((o) => o.capsuleId === state.capsuleId);
          return seen ? (answer.body.totalElements as number) : undefined;
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
      if (answer.body.decision !== 'APPROVE') throw new CheckpointFailure(`decision ${answer.body.decision}, expected APPROVE`);
      return `APPROVE (${answer.body.policySource})`;
    },
  },
  {
    name: 'plan',
    description: 'PLATO runs a plan whose EXECUTE step goes to SYNAPSE',
    async run(client, state, signal) {
      const created = await client.send('plato', 'POST', '/api/v1/plans', {
        namespace: 'golden-path',
        rimNodeId: state.rimNodeId,
        steps: [
          { name: 'validate', action: { type: 'VALIDATE' }, dependsOn: [] },
          { name: 'execute', action: { type: 'EXECUTE', toolId: 'noop.echo', parameters: { amount: 42 } }, dependsOn: ['validate'] },
          { name: 'record', action: { type: 'RECORD', parameters: { note: 'golden path' } }, dependsOn: ['execute'] },
        ],
      });
      expectStatus(created, [201], 'POST /api/v1/plans');
      state.planId = created.body.id;
      const started = await client.send('plato', 'POST', `/api/v1/plans/${state.planId}/execute`, { mode: 'EXECUTE' });
      expectStatus(started, [202], 'POST /api/v1/plans/{id}/execute');
      const plan = await until(
        signal,
        async () => {
          const answer = await client.send('plato', 'GET', `/api/v1/plans/${state.planId}`);
          return answer.status === 200 && answer.body.status !== 'EXECUTING' && answer.body.status !== 'PENDING' ? answer.body : undefined;
        },
        () => `plan ${state.planId} still executing`,
      );
      if (plan.status !== 'COMPLETED') throw new CheckpointFailure(`plan ${state.planId} ended ${plan.status}: ${JSON.stringify(plan.steps).slice(0, 300)}`);
      return `plan ${state.planId} COMPLETED`;
    },
  },
  {
    name: 'action',
    description: 'SYNAPSE executed the action',
    async run(client, state) {
      const answer = await client.send('synapse', 'GET', `/api/v1/actions?planId=${encodeURIComponent(state.planId ?? '')}`);
      expectStatus(answer, [200], 'GET /api/v1/actions');
      const action = (answer.body.content as { actionId: string; outcomeStatus: string }[])[0];
      if (!action) throw new CheckpointFailure(`SYNAPSE has no action for plan ${state.planId}`);
      if (action.outcomeStatus !== 'SUCCESS') throw new CheckpointFailure(`action ${action.actionId} ended ${action.outcomeStatus}`);
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
          const answer = await client.send('perception', 'GET', `/api/v1/state/${encodeURIComponent(state.rimNodeId)}`);
          return answer.status === 200 && answer.body.lastOutcome?.actionId === state.actionId && answer.body.status === 'ACTIVE' ? true : undefined;
        },
        () => `PERCEPTION has not received the outcome of action ${state.actionId}`,
      );
      return `${state.rimNodeId} ACTIVE with outcome ${state.actionId}`;
    },
  },
];
