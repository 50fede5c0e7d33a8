import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../kit/errors/index.ts';
import type { Experiment } from './experiment.ts';
import { EXPERIMENTS_DIR, findExperiments, loadExperiments } from './load-experiments.ts';

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * The experiments a command line names: a file (all its documents), an experiment name
 * (`redis-failover/redis-latency`), or a file stem (`redis-failover`: every variant in it).
 * Only the named file is read, so one broken file does not block running another.
 */
export function selectExperiments(reference: string, dir: string = EXPERIMENTS_DIR): Experiment[] {
  if (isFile(reference)) return loadExperiments(reference);
  const stem = reference.split('/')[0]!;
  const file = ['.yaml', '.yml'].map((extension) => join(dir, stem + extension)).find(isFile);
  if (file) {
    const experiments = loadExperiments(file);
    if (stem === reference) return experiments;
    const named = experiments.filter((experiment) => experiment.name === reference);
    if (named.length > 0) return named;
    throw new UsageError(
      `no experiment '${reference}' in ${file}; it has ${experiments.map((experiment) => experiment.name).join(', ')}`,
    );
  }
  const known = findExperiments(dir).map((experiment) => experiment.name);
  throw new UsageError(`no experiment or file '${reference}'; experiments: ${known.join(', ')}`);
}
