/**
 * The JVM side of Cassandra 5.0 on Java 17. The cassandra-all jar ships no conf/, so what the
 * upstream distribution keeps in `conf/jvm17-server.options` and `conf/logback.xml` lives here.
 */

/**
 * The module and Netty lines of upstream `conf/jvm17-server.options`, verbatim: without them the
 * daemon and nodetool fail on Java 17.
 */
export const JVM17_OPTIONS: readonly string[] = [
  '-Djdk.attach.allowAttachSelf=true',
  '--add-exports java.base/jdk.internal.misc=ALL-UNNAMED',
  '--add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED',
  '--add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports java.rmi/sun.rmi.server=ALL-UNNAMED',
  '--add-exports java.sql/java.sql=ALL-UNNAMED',
  '--add-exports java.base/java.lang.ref=ALL-UNNAMED',
  '--add-exports jdk.unsupported/sun.misc=ALL-UNNAMED',
  '--add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED',
  '--add-opens java.base/java.lang.module=ALL-UNNAMED',
  '--add-opens java.base/jdk.internal.loader=ALL-UNNAMED',
  '--add-opens java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens java.base/jdk.internal.reflect=ALL-UNNAMED',
  '--add-opens java.base/jdk.internal.math=ALL-UNNAMED',
  '--add-opens java.base/jdk.internal.module=ALL-UNNAMED',
  '--add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED',
  '--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED',
  '--add-opens java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens java.base/java.io=ALL-UNNAMED',
  '--add-opens java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED',
  '--add-opens java.base/java.lang=ALL-UNNAMED',
  '--add-opens java.base/java.util=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dio.netty.allocator.useCacheForAllThreads=true',
  '-Dio.netty.allocator.maxOrder=11',
];

/** The JVM17 options as separate arguments (an option line may hold a flag and its value). */
export function jvm17Args(): string[] {
  return JVM17_OPTIONS.flatMap((line) => line.split(' '));
}

/**
 * The daemon's heap and GC: a small fixed heap (about 1 GB resident per node) and one CPU's
 * worth of thread pools, so three nodes share a 2-core machine.
 */
export const CASSANDRA_HEAP_OPTIONS: readonly string[] = [
  '-Xms512m',
  '-Xmx512m',
  '-Xss256k',
  '-XX:+UseG1GC',
  '-XX:+ParallelRefProcEnabled',
  '-XX:MaxTenuringThreshold=1',
  '-XX:G1HeapRegionSize=16m',
  '-XX:+CrashOnOutOfMemoryError',
  '-XX:+PerfDisableSharedMem',
  '-XX:+UseThreadPriorities',
  '-XX:ActiveProcessorCount=1',
  '-Djava.net.preferIPv4Stack=true',
];

/** A short-lived tool JVM (nodetool): small heap, quick start. */
export const TOOL_HEAP_OPTIONS: readonly string[] = [
  '-Xmx128m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:+PerfDisableSharedMem',
];

/**
 * The daemon's logback configuration: `system.log` plus the console (which the supervisor
 * appends to the pod's log). Note `%date{HH:mm:ss.SSS}`: upstream's `HH:mm:ss,SSS` makes
 * logback 1.5 read `SSS` as a time zone and fail, leaving the daemon with no log at all.
 */
export const LOGBACK_XML = `<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>\${cassandra.logdir}/system.log</file>
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%-5level %date{HH:mm:ss.SSS} %msg%n</pattern></encoder>
  </appender>
  <root level="INFO">
    <appender-ref ref="FILE" />
    <appender-ref ref="STDOUT" />
  </root>
</configuration>
`;

/** nodetool's logback configuration: warnings only, to stderr, so stdout stays the tool's answer. */
export const LOGBACK_TOOLS_XML = `<configuration>
  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%-5level %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="STDERR" /></root>
</configuration>
`;
