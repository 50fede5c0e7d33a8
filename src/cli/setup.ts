import { systemClock } from '../kit/time/index.ts';
import { cacheDirOf } from '../cluster/engines/index.ts';
import { runSetup } from '../cluster/setup/index.ts';
import type { Command } from './command.ts';

/** `butterfly setup`: install the local profile's engines, idempotently. */
export const setupCommand: Command = {
  name: 'setup',
  summary:
    'Install what the local profile needs: PostgreSQL 15, Patroni, etcd, Redis 7, Java 17, Cassandra 5.0 (idempotent)',
  usage: 'setup   (root on Debian/Ubuntu; downloads go to $BUTTERFLY_CACHE_DIR or /var/cache/butterfly)',
  options: {},
  maxPositionals: 0,
  async run() {
    return runSetup({
      cacheDir: cacheDirOf(),
      clock: systemClock,
      print: (line) => process.stdout.write(`${line}\n`),
    });
  },
};
