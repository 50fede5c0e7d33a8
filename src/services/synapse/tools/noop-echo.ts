import { z } from 'zod';
import type { Tool } from './tool.ts';

const parameters = z.record(z.string(), z.unknown());

/** `noop.echo`: returns its parameters. Touches nothing; for checks and the golden path. */
export const noopEcho: Tool<z.infer<typeof parameters>> = {
  id: 'noop.echo',
  description: 'Returns its parameters unchanged; touches nothing.',
  parameters,
  needsRimNode: false,
  describe: () => 'echo the parameters back',
  async run({ parameters: given }) {
    return { status: 'SUCCESS', result: { echo: given } };
  },
};
