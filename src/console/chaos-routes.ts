import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../kit/errors/index.ts';
import { cleanupLocal, planPods } from '../chaos/local/index.ts';
import { suiteHistory, timelineOf } from '../chaos/report/index.ts';
import { releaseServiceNames } from '../chaos/runner/index.ts';
import {
  describeFault,
  faultsOf,
  findExperiments,
  renderPlan,
  type Experiment,
} from '../chaos/spec/index.ts';
import type { ConsoleContext } from './console-context.ts';
import { parseInput } from './console-input.ts';

const nameParams = z.object({ name: z.string().min(1).max(200) });
const runParams = z.object({
  // Matched against the records' ids, never used as a path.
  suite: z.string().min(1).max(200),
  index: z.coerce.number().int().min(0),
});

/** Every experiment of every folder, ours first; `source` says which folder it came from. */
function allExperiments(context: ConsoleContext): { experiment: Experiment; source: string }[] {
  return context.experimentDirs.flatMap((dir, i) =>
    findExperiments(dir).map((experiment) => ({ experiment, source: i === 0 ? 'shipped' : dir })),
  );
}

/** The Chaos page's API: experiments and their plans, run history with timelines, cleanup. */
export function chaosRoutes(app: FastifyInstance, context: ConsoleContext): void {
  app.get('/api/chaos/experiments', async () =>
    allExperiments(context).map(({ experiment, source }) => ({
      name: experiment.name,
      kind: experiment.kind,
      category: experiment.category,
      file: `${experiment.file}:${experiment.source.line}`,
      source,
      faults: faultsOf(experiment.root).map(describeFault),
      schedule: experiment.schedule?.cron,
    })),
  );

  app.get('/api/chaos/experiments/:name/plan', async (request) => {
    const { name } = parseInput(nameParams, request.params, 'params');
    const found = allExperiments(context).find(({ experiment }) => experiment.name === name);
    if (!found) throw new NotFoundError('experiment', name);
    return { name, plan: renderPlan(found.experiment, await planPods(context.stateDir)) };
  });

  app.get('/api/chaos/runs', async () => {
    const { suites, unreadable } = suiteHistory(context.reportsDir);
    const runs = suites.flatMap((suite) =>
      suite.runs.map((run, index) => ({
        suite: suite.id,
        index,
        experiment: run.experiment,
        mode: run.mode,
        target: run.target,
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        verdict: run.verdict,
      })),
    );
    return { runs, unreadable };
  });

  app.get('/api/chaos/runs/:suite/:index', async (request) => {
    const { suite: id, index } = parseInput(runParams, request.params, 'params');
    const suite = suiteHistory(context.reportsDir).suites.find((candidate) => candidate.id === id);
    const run = suite?.runs[index];
    if (!run) throw new NotFoundError('chaos run', `${id}/${index}`);
    return { suite: id, index, run, timeline: timelineOf(run.samples, run.startedAt, run.endedAt) };
  });

  app.post('/api/chaos/cleanup', { config: { access: 'admin' } }, async () => {
    const { removed } = await cleanupLocal(context.stateDir);
    if (releaseServiceNames(context.stateDir)) removed.push('the pod names the runner wrote into /etc/hosts');
    return { removed };
  });
}
