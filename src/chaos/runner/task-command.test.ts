import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTaskCommand, taskScript } from './task-command.ts';

const source = { file: 'x.yaml', line: 1 };

test('a container command becomes the shell script it stands for', () => {
  assert.equal(taskScript(['/bin/sh', '-c', 'echo "a b"']), 'echo "a b"');
  assert.equal(taskScript(['bash', '-c', 'exit 3']), 'exit 3');
  assert.equal(
    taskScript(['curl', '-s', 'http://x/?a=1&b=2', "it's"]),
    `curl -s 'http://x/?a=1&b=2' 'it'\\''s'`,
  );
});

test('runs with /bin/sh: exit code and output tail', async () => {
  const result = await runTaskCommand(
    { type: 'Task', name: 't', source, command: ['/bin/sh', '-c', 'echo out; echo err >&2; exit 4'] },
    new AbortController().signal,
  );
  assert.equal(result.exitCode, 4);
  assert.match(result.output, /out/);
  assert.match(result.output, /err/);
});

test('an abort kills the whole process group and answers exit code null', async () => {
  const controller = new AbortController();
  const running = runTaskCommand(
    { type: 'Task', name: 't', source, command: ['/bin/sh', '-c', 'sleep 30 & wait'] },
    controller.signal,
  );
  setTimeout(() => controller.abort(new Error('deadline')), 100);
  const result = await running;
  assert.equal(result.exitCode, null);
});
