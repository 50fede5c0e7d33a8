import { loadServiceConfig } from '../../src/kit/config/index.ts';
import { buildService } from '../../src/host/index.ts';
import { sampleService } from './sample-service.ts';

/** Builds the sample service with extra environment, logs silenced. */
export async function buildSample(
  env: Record<string, string> = {},
  options: Parameters<typeof sampleService>[0] = {},
) {
  return buildService(
    sampleService(options),
    loadServiceConfig('capsule', { BUTTERFLY_LOG_LEVEL: 'silent', ...env }),
  );
}
