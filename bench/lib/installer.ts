/**
 * The external tools the benchmarks drive, found on PATH (plus /usr/sbin, where Debian puts nginx and
 * HAProxy) or installed from Debian with apt-get when missing. `planInstall` decides (pure, tested);
 * `ensureTools` runs the plan. Not being root is not a crash: it is a message naming the exact command.
 */
import { execFileSync } from 'node:child_process';
import { delimiter } from 'node:path';
import { ForbiddenError } from '../../src/core/errors.js';
import { which } from '../../src/local/runner/child-process.js';

/** Tool name → the Debian package that provides it. */
export const DEBIAN_PACKAGES = {
  haproxy: 'haproxy',
  nginx: 'nginx',
  wrk: 'wrk',
  hey: 'hey',
  taskset: 'util-linux',
  valgrind: 'valgrind',
  perf: 'linux-perf',
} as const;

export type Tool = keyof typeof DEBIAN_PACKAGES;

export type InstallPlan =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'apt'; readonly packages: readonly string[] }
  | { readonly kind: 'refuse'; readonly message: string };

export function planInstall(missing: readonly Tool[], isRoot: boolean): InstallPlan {
  if (missing.length === 0) return { kind: 'nothing' };
  const packages = [...new Set(missing.map((t) => DEBIAN_PACKAGES[t]))].sort();
  if (isRoot) return { kind: 'apt', packages };
  return {
    kind: 'refuse',
    message:
      `missing tools: ${missing.join(', ')}. Installing them needs root; run:\n` +
      `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}\n` +
      'then run the benchmark again.',
  };
}

function searchPath(): string[] {
  const dirs = (process.env['PATH'] ?? '').split(':').filter((d) => d !== '');
  for (const extra of ['/usr/sbin', '/sbin', '/usr/local/sbin']) if (!dirs.includes(extra)) dirs.push(extra);
  return dirs;
}

/** The absolute path of an executable named `name`, or undefined. */
export function findExecutable(name: string): string | undefined {
  return which(name, searchPath().join(delimiter));
}

export type ToolPaths = Readonly<Record<Tool, string>>;

/** Finds every tool, installing the missing ones with apt-get (as root) first. Logs what it does. */
export function ensureTools(tools: readonly Tool[], log: (line: string) => void): Partial<ToolPaths> {
  const missing = tools.filter((t) => findExecutable(t) === undefined);
  const plan = planInstall(missing, process.getuid?.() === 0);
  switch (plan.kind) {
    case 'nothing':
      break;
    case 'refuse':
      throw new ForbiddenError(plan.message);
    case 'apt': {
      log(`installing ${plan.packages.join(' ')} with apt-get`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...plan.packages], { stdio: 'inherit', env });
      break;
    }
    default: {
      const never: never = plan;
      throw new Error(`unknown plan ${String(never)}`);
    }
  }
  const paths: Partial<Record<Tool, string>> = {};
  for (const t of tools) {
    const p = findExecutable(t);
    if (p === undefined) throw new ForbiddenError(`${t} is still missing after installing ${DEBIAN_PACKAGES[t]}`);
    paths[t] = p;
  }
  return paths;
}
