/**
 * Reads V8 CPU profiles (`node --cpu-prof`, `.cpuprofile` JSON) into what a reader of a benchmark needs:
 * the functions with the most self time, and self time by origin (Meshwork code, dependencies, Node.js
 * internals, garbage collection, idle). Pure; tested in cpu-profile.test.ts.
 */

export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly hitCount?: number;
  }>;
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** A time window in the profile's clock (µs of CLOCK_MONOTONIC, as `process.hrtime.bigint() / 1000n`). */
export interface ProfileWindow {
  readonly fromUs: number;
  readonly toUs: number;
}

/** Hits per node id: the nodes' own hit counts, or, for a window, the samples that fall inside it. */
function hitsByNode(profile: CpuProfile, window: ProfileWindow | undefined): Map<number, number> {
  const hits = new Map<number, number>();
  if (!window || !profile.samples || !profile.timeDeltas) {
    for (const node of profile.nodes) hits.set(node.id, node.hitCount ?? 0);
    return hits;
  }
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < window.fromUs || t > window.toUs) continue;
    const id = profile.samples[i]!;
    hits.set(id, (hits.get(id) ?? 0) + 1);
  }
  return hits;
}

export type Origin = 'meshwork' | 'dependency' | 'node' | 'gc' | 'idle' | 'other';

export interface HotFunction {
  readonly name: string;
  readonly where: string;
  readonly origin: Origin;
  readonly selfMs: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly byOrigin: Readonly<Record<Origin, number>>;
  readonly top: readonly HotFunction[];
}

export function originOf(functionName: string, url: string): Origin {
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)') return 'idle';
  if (url.includes('/node_modules/')) return 'dependency';
  if (url.startsWith('node:') || (url === '' && functionName !== '(program)' && functionName !== '(root)')) return 'node';
  if (url.includes('/dist/src/')) return 'meshwork';
  return 'other';
}

function shortUrl(url: string): string {
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  return url.replace(/^file:\/\//, '');
}

/**
 * Self time per function (summed over call sites), the top `n`, and totals by origin, over the whole
 * profile or only the samples inside `window`. Idle is excluded from shares.
 */
export function summarizeProfile(profile: CpuProfile, n: number, window?: ProfileWindow): ProfileSummary {
  const hitsOf = hitsByNode(profile, window);
  const allHits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const msPerHit = allHits > 0 ? (profile.endTime - profile.startTime) / 1000 / allHits : 0;
  const byKey = new Map<string, { name: string; where: string; origin: Origin; hits: number }>();
  const byOrigin: Record<Origin, number> = { meshwork: 0, dependency: 0, node: 0, gc: 0, idle: 0, other: 0 };
  for (const node of profile.nodes) {
    const hits = hitsOf.get(node.id) ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const origin = originOf(functionName, url);
    byOrigin[origin] += hits * msPerHit;
    const name = functionName === '' ? '(anonymous)' : functionName;
    const where = url === '' ? '' : `${shortUrl(url)}:${lineNumber + 1}`;
    const key = `${name} ${where}`;
    const entry = byKey.get(key) ?? { name, where, origin, hits: 0 };
    entry.hits += hits;
    byKey.set(key, entry);
  }
  const busyMs = Object.entries(byOrigin).reduce((sum, [o, ms]) => (o === 'idle' ? sum : sum + ms), 0);
  const top = [...byKey.values()]
    .filter((e) => e.origin !== 'idle')
    .sort((a, b) => b.hits - a.hits)
    .slice(0, n)
    .map((e) => ({ name: e.name, where: e.where, origin: e.origin, selfMs: e.hits * msPerHit, share: busyMs > 0 ? (e.hits * msPerHit) / busyMs : 0 }));
  return { totalMs: busyMs, byOrigin, top };
}
