/**
 * Runs the real `meshwork` binary as child processes: `meshwork up` on loopback port 0 (its bound
 * addresses read from its output), and CLI verbs against it. Children are killed when the test ends.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { MESHWORK_BIN, REPO_ROOT } from './paths.js';
import { dieWithParent } from '../../src/local/runner/child-process.js';
import { CapturedOutput } from './output.js';

/** Where cleanups go: a TestContext, or a file's scope (real-mesh.ts `fileScope`). */
export interface After {
  after(fn: () => unknown): void;
}

export interface RunningControlPlane {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Everything printed so far on stdout. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** Starts `meshwork up` on port 0 with the given data directory and waits (bounded) until it prints `ready`. */
export async function startControlPlane(
  t: After,
  dataDir: string,
  deadlineMs = 10_000,
  /** More `meshwork up` flags (`--credentials FILE`); a later `--http` overrides the loopback default. */
  extraArgs: readonly string[] = [],
): Promise<RunningControlPlane> {
  // Tied to this test process (as every child the tests start): a killed test run leaves nothing behind.
  const [file, ...args] = dieWithParent([
    process.execPath,
    MESHWORK_BIN, 'up', '--http', '127.0.0.1:0', '--xds', '127.0.0.1:0', '--dns', '127.0.0.1:0', '--data-dir', dataDir, '--log-level', 'warning', ...extraArgs,
  ]);
  const child = spawn(file!, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`meshwork up did not print ready within ${deadlineMs} ms; stdout: ${stdout} stderr: ${stderr}`)), deadlineMs);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const http = /^http listening on (\S+)$/m.exec(stdout);
      if (http && /^ready$/m.test(stdout)) {
        clearTimeout(timer);
        resolve(`http://${http[1]}`);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`meshwork up exited (${code}) before it was ready; stderr: ${stderr}`));
    });
  });
  return { child, url, output: () => stdout, exited };
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `meshwork <args>` to completion. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MESHWORK_BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningWorkload {
  readonly child: ChildProcess;
  /** stdout and stderr together, as a terminal shows them. */
  readonly output: CapturedOutput;
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** Starts `meshwork run <args>` (long-running); killed with SIGKILL when the test ends if still running. */
export function startWorkload(t: After, args: readonly string[]): RunningWorkload {
  const [file, ...rest] = dieWithParent([process.execPath, MESHWORK_BIN, 'run', ...args]);
  const child = spawn(file!, rest, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new CapturedOutput();
  child.stdout!.pipe(output, { end: false });
  child.stderr!.pipe(output, { end: false });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, output, exited };
}
