import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connectMany, type ConnectAttempt, type ProbeResult } from './connect-attempt.ts';

const PROBE_MAIN = fileURLToPath(new URL('./connect-probe-main.ts', import.meta.url));

/** Where a probe's connections come from: a service pod's address, or an engine pod's uid. */
export interface ProbeSource {
  address?: string;
  uid?: number;
}

/**
 * Tries connections as the source pod would make them: bound to its address (a service pod), or
 * from a process running as its uid (an engine pod, whose connections leave from 127.0.0.1 and are
 * matched by owner).
 */
export async function probeConnections(
  source: ProbeSource,
  target: { host: string; port: number },
  options: { count: number; timeoutMs: number; send?: string; replyWithinMs?: number },
): Promise<ProbeResult> {
  const attempt: ConnectAttempt = {
    ...target,
    timeoutMs: options.timeoutMs,
    ...(source.uid === undefined && source.address ? { localAddress: source.address } : {}),
    ...(options.send === undefined ? {} : { send: options.send, replyWithinMs: options.replyWithinMs ?? 0 }),
  };
  if (source.uid === undefined) return connectMany(attempt, options.count);
  const budget = Math.ceil(options.count / 10) * (options.timeoutMs + (options.replyWithinMs ?? 0)) + 10_000;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [PROBE_MAIN, JSON.stringify({ attempt, count: options.count })],
      { uid: source.uid!, gid: source.uid!, cwd: '/', timeout: budget },
      (error, stdout, stderr) => {
        if (error)
          return reject(
            new Error(`connection probe as uid ${source.uid} failed: ${stderr.trim() || error.message}`),
          );
        resolve(JSON.parse(stdout) as ProbeResult);
      },
    );
  });
}

/** A probe result for people: `3/3 timed out`. */
export function describeProbe(result: ProbeResult): string {
  const parts = [
    result.connected && `${result.connected} connected`,
    result.timedOut && `${result.timedOut} timed out`,
    result.refused && `${result.refused} refused`,
    result.failed && `${result.failed} failed`,
  ].filter(Boolean);
  return `${parts.join(', ')} of ${result.attempts}`;
}
