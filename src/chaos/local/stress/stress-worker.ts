import { fileURLToPath } from 'node:url';

/** The stress worker's entry point, started as a chaos process per pod and stressor. */
export const STRESS_WORKER_SCRIPT = fileURLToPath(new URL('./stress-worker-main.ts', import.meta.url));
