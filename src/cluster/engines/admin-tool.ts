import { execFile } from 'node:child_process';

/** An engine's admin program with its arguments, e.g. nodetool, patronictl, redis-cli. */
export interface ToolCommand {
  command: string;
  args: readonly string[];
  env?: Readonly<Record<string, string>>;
}

/** What a finished tool printed and how it exited. */
export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool to completion and captures its output; a tool past `timeoutMs` is killed and reported as code 124. */
export function runTool(tool: ToolCommand, timeoutMs = 30_000): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(
      tool.command,
      tool.args,
      {
        env: { ...process.env, ...tool.env },
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ code: 0, stdout, stderr });
        const failure = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        const code = failure.killed ? 124 : typeof failure.code === 'number' ? failure.code : 127;
        resolve({ code, stdout, stderr: stderr || failure.message });
      },
    );
  });
}
