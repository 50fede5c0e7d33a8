import { join } from 'node:path';
import type { EnginePod } from '../../index.ts';
import type { PodProcessSpec } from '../../supervisor/index.ts';
import type { ToolCommand } from '../admin-tool.ts';
import type { EngineContext } from '../engine-context.ts';
import { ownedDir, podDir, podLogFile, runAsPodUser, writeOwnedFile } from '../pod-files.ts';
import { renderRedisConf } from './redis-config.ts';

function confPath(stateDir: string, pod: EnginePod): string {
  return join(podDir(stateDir, pod), 'redis.conf');
}

/** Creates the node's folder (owned by its uid: it writes nodes.conf and the append-only file there) and its redis.conf. */
export function prepareRedisPod(pod: EnginePod, context: EngineContext): void {
  const dir = ownedDir(podDir(context.stateDir, pod), pod.uid);
  writeOwnedFile(confPath(context.stateDir, pod), renderRedisConf(pod, dir), pod.uid);
}

/** redis-server in the foreground as the node's uid. */
export function redisPodSpec(pod: EnginePod, context: EngineContext): PodProcessSpec {
  return {
    id: pod.name,
    ...runAsPodUser(context.binaries.setpriv, pod.uid, context.binaries.redisServer, [
      confPath(context.stateDir, pod),
    ]),
    env: { HOME: podDir(context.stateDir, pod) },
    logFile: podLogFile(context.stateDir, pod),
  };
}

/** `redis-cli -h <pod> -p 6379 <args>`. */
export function redisCli(pod: EnginePod, context: EngineContext, args: readonly string[]): ToolCommand {
  return {
    command: context.binaries.redisCli,
    args: ['-h', pod.address, '-p', String(pod.ports.redis), ...args],
  };
}
