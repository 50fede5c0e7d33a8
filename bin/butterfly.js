#!/usr/bin/env node
// The `butterfly` command. Butterfly's sources are TypeScript that Node 24 runs directly
// (type stripping), so an older system Node hands over to the Node 24 pinned in devDependencies.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REQUIRED_MAJOR = 24;
// An old Node cannot load src/kit/errors/codes.ts, so its CANNOT_RUN (2) is written out here.
const CANNOT_RUN = 2;
const root = fileURLToPath(new URL('..', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);

if (major >= REQUIRED_MAJOR) {
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
} else {
  const pinned = `${root}node_modules/node/bin/node`;
  if (!existsSync(pinned)) {
    process.stderr.write(
      `butterfly: needs Node ${REQUIRED_MAJOR}+ (this is ${process.versions.node}); run 'npm ci' in ${root} to install the pinned Node ${REQUIRED_MAJOR}\n`,
    );
    process.exit(CANNOT_RUN);
  }
  const child = spawn(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
