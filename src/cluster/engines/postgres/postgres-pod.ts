import type { EnginePod } from '../../index.ts';
import type { PodProcessSpec } from '../../supervisor/index.ts';
import { ClusterStartError } from '../../../kit/errors/index.ts';
import type { EngineContext } from '../engine-context.ts';
import { ownedDir, podDir, podLogFile, runAsPodUser, writeOwnedFile } from '../pod-files.ts';
import { patroniPaths, renderPatroniYaml } from './patroni-config.ts';

/** A unix socket path must fit in sun_path (108 bytes with the terminating NUL). */
const MAX_SOCKET_PATH = 107;

/** Creates the member's folder (owned by its uid: PostgreSQL refuses a data folder it does not own) and writes patroni.yml. */
export function preparePostgresPod(pod: EnginePod, etcd: EnginePod, context: EngineContext): void {
  const dir = ownedDir(podDir(context.stateDir, pod), pod.uid);
  const paths = patroniPaths(dir);
  const socket = `${paths.socketDir}/.s.PGSQL.${pod.ports.postgres}`;
  if (socket.length > MAX_SOCKET_PATH) {
    throw new ClusterStartError(
      `the PostgreSQL socket path ${socket} is longer than ${MAX_SOCKET_PATH} bytes; use a shorter state folder`,
    );
  }
  writeOwnedFile(
    paths.config,
    renderPatroniYaml({ pod, podDir: dir, etcd, postgresBin: context.binaries.postgresBin }),
    pod.uid,
    0o600,
  );
}

/** Patroni in the foreground as the member's uid; Patroni starts and stops PostgreSQL itself. */
export function postgresPodSpec(pod: EnginePod, context: EngineContext): PodProcessSpec {
  const dir = podDir(context.stateDir, pod);
  return {
    id: pod.name,
    ...runAsPodUser(context.binaries.setpriv, pod.uid, context.binaries.patroni, [patroniPaths(dir).config]),
    env: { HOME: dir },
    logFile: podLogFile(context.stateDir, pod),
  };
}
