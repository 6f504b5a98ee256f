/** Runs `meshwork` as a real child process and waits on what it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { proxyCommandLine } from '../../src/cli/proxy-runtime.js';
import { dieWithParent } from '../../src/local/runner/child-process.js';

export const MESHWORK_BIN = fileURLToPath(new URL('../../src/bin/meshwork.js', import.meta.url));

export interface Child {
  readonly proc: ChildProcess;
  output(): string;
  /** Resolves with the first match of `re` in stderr+stdout, or rejects after the deadline / on exit. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited(): Promise<number | null>;
}

export function startMeshwork(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  return startChild(process.execPath, [MESHWORK_BIN, ...args], env);
}

/** `meshwork proxy <flags>` as every launcher starts it (with PROXY_NODE_FLAGS). */
export function startMeshworkProxy(flags: readonly string[], env: NodeJS.ProcessEnv = {}): Child {
  const line = proxyCommandLine(flags);
  return startChild(line.command, [...line.args], env);
}

function startChild(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  // Tied to this test process: a test run that is killed leaves no proxy behind on its address.
  const [file, ...rest] = dieWithParent([command, ...args]);
  const proc = spawn(file!, rest, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const l of [...listeners]) l();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    output: () => out,
    exited: () => exit,
    waitFor(re, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(out);
          if (!m) return;
          cleanup();
          resolve(m);
        };
        const timer = setTimeout(() => (cleanup(), reject(new Error(`timed out waiting for ${re} in:\n${out}`))), timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exit.then((code) => {
          if (!listeners.has(check)) return;
          cleanup();
          reject(new Error(`exited (${code}) before ${re} appeared:\n${out}`));
        });
        check();
      });
    },
  };
}
