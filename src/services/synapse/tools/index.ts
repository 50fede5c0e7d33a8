import { capsuleAnnotate } from './capsule-annotate.ts';
import { governanceCheck } from './governance-check.ts';
import { noopEcho } from './noop-echo.ts';
import type { Tool } from './tool.ts';

/** The built-in tools, by id. A plain record: adding a tool is adding a file and a line here. */
export const TOOLS: Readonly<Record<string, Tool<unknown>>> = Object.freeze({
  [noopEcho.id]: noopEcho,
  [capsuleAnnotate.id]: capsuleAnnotate,
  [governanceCheck.id]: governanceCheck,
});

/** The tool with this id, or undefined; only the registry's own keys count (never `constructor` & co). */
export function toolById(
  tools: Readonly<Record<string, Tool<unknown>>>,
  id: string,
): Tool<unknown> | undefined {
  return Object.hasOwn(tools, id) ? tools[id] : undefined;
}

export { peerToolPorts, sandboxToolPorts } from './tool-ports.ts';
export type { Tool, ToolInvocation, ToolOutcome, ToolPorts } from './tool.ts';
export { ToolRejectedError } from './tool.ts';
