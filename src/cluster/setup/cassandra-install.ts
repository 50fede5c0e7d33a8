import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ToolCommand } from '../engines/index.ts';
import { CASSANDRA_VERSION, cassandraLibDir } from '../engines/index.ts';

/** The pinned dependency plugin, so the resolution does not change with Maven's defaults. */
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

/** The folder of the pom and the lib folder in the cache. */
function cassandraHome(cacheDir: string): string {
  return join(cacheDir, `cassandra-${CASSANDRA_VERSION}`);
}

/** The path of the pom in the cache. */
export function cassandraPomPath(cacheDir: string): string {
  return join(cassandraHome(cacheDir), 'pom.xml');
}

/** A pom whose only dependency is cassandra-all: resolving it yields Cassandra's whole classpath. */
export function cassandraPom(): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>butterfly.local</groupId>
  <artifactId>cassandra-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.cassandra</groupId>
      <artifactId>cassandra-all</artifactId>
      <version>${CASSANDRA_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;
}

/** Writes the pom into the cache. */
export function writeCassandraPom(cacheDir: string): void {
  mkdirSync(cassandraHome(cacheDir), { recursive: true });
  writeFileSync(cassandraPomPath(cacheDir), cassandraPom());
}

/**
 * The Maven command that copies cassandra-all and its dependencies into the cache's lib folder,
 * with a private local repository in the cache too (the user's ~/.m2 is left alone).
 */
export function cassandraMavenCommand(cacheDir: string): ToolCommand {
  return {
    command: 'mvn',
    args: [
      '-q',
      '-B',
      '-f',
      cassandraPomPath(cacheDir),
      `-Dmaven.repo.local=${join(cacheDir, 'm2')}`,
      `${DEPENDENCY_PLUGIN}:copy-dependencies`,
      `-DoutputDirectory=${cassandraLibDir(cacheDir)}`,
    ],
  };
}
