import { join } from 'node:path';
import type { EnginePod } from '../../index.ts';
import type { PodProcessSpec } from '../../supervisor/index.ts';
import type { EngineContext } from '../engine-context.ts';
import { ownedDir, podDir, podLogFile, runAsPodUser, writeOwnedFile } from '../pod-files.ts';
import { cassandraDirs, renderCassandraYaml } from './cassandra-config.ts';
import { CASSANDRA_HEAP_OPTIONS, LOGBACK_TOOLS_XML, LOGBACK_XML, jvm17Args } from './jvm-options.ts';

/** A node's rendered files: its yaml, the daemon's and nodetool's logback. */
export function cassandraFiles(pod: EnginePod, stateDir: string) {
  const dir = podDir(stateDir, pod);
  return {
    yaml: join(dir, 'conf', 'cassandra.yaml'),
    logback: join(dir, 'conf', 'logback.xml'),
    toolsLogback: join(dir, 'conf', 'logback-tools.xml'),
  };
}

/** Creates the node's folders (owned by its uid) and writes its configuration. */
export function prepareCassandraPod(
  pod: EnginePod,
  ring: readonly EnginePod[],
  context: EngineContext,
): void {
  const dir = ownedDir(podDir(context.stateDir, pod), pod.uid);
  for (const sub of Object.values(cassandraDirs(dir))) ownedDir(sub, pod.uid);
  ownedDir(join(dir, 'conf'), pod.uid);
  const files = cassandraFiles(pod, context.stateDir);
  writeOwnedFile(files.yaml, renderCassandraYaml(pod, ring, dir), pod.uid);
  writeOwnedFile(files.logback, LOGBACK_XML, pod.uid);
  writeOwnedFile(files.toolsLogback, LOGBACK_TOOLS_XML, pod.uid);
}

/** The daemon in the foreground, as the node's uid, with the classpath from the cache. */
export function cassandraPodSpec(pod: EnginePod, context: EngineContext): PodProcessSpec {
  const dir = podDir(context.stateDir, pod);
  const files = cassandraFiles(pod, context.stateDir);
  const dirs = cassandraDirs(dir);
  const { binaries } = context;
  const javaArgs = [
    ...CASSANDRA_HEAP_OPTIONS,
    ...jvm17Args(),
    `-XX:ErrorFile=${join(dir, 'hs_err_pid%p.log')}`,
    `-Djava.io.tmpdir=${dirs.tmp}`,
    `-Dcassandra.config=file://${files.yaml}`,
    `-Dcassandra.storagedir=${dir}`,
    `-Dcassandra.logdir=${dirs.logs}`,
    `-Dlogback.configurationFile=file://${files.logback}`,
    '-Dcassandra-foreground=yes',
    `-Dcassandra.jmx.local.port=${pod.ports.jmx}`,
    // A new local ring: no need to wait for gossip to settle or for a long ring delay.
    '-Dcassandra.skip_wait_for_gossip_to_settle=0',
    '-Dcassandra.ring_delay_ms=1000',
    '-Dcassandra.superuser_setup_delay_ms=0',
    '-cp',
    `${binaries.cassandraLib}/*`,
    'org.apache.cassandra.service.CassandraDaemon',
  ];
  return {
    id: pod.name,
    ...runAsPodUser(binaries.setpriv, pod.uid, binaries.java, javaArgs),
    env: { HOME: dir },
    logFile: podLogFile(context.stateDir, pod),
  };
}
