// Runs the sample service as its own process, for the shutdown test.
import { loadServiceConfig } from '../../src/kit/config/index.ts';
import { runService } from '../../src/host/index.ts';
import { sampleService } from './sample-service.ts';

const service = await runService(sampleService({ slowMs: 600 }), loadServiceConfig('capsule', process.env));
process.stdout.write(`listening ${service.url}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void service.shutdown(signal));
