/**
 * Prints what `--perf` recorded: the recordings of one row × load × process (one per round) read with
 * `perf script -F ip,sym,dso` and streamed through one perf-summary.ts builder (a full run's recording is
 * large), then the split of their samples by place and the Meshwork functions their user-space samples
 * are charged to, in the style of profile-report.ts.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PerfRecording } from './perf-record.js';
import { PLACES, PerfSummaryBuilder, type Place, type PerfSummary } from './perf-summary.js';
import { fmt } from './proxy-report.js';
import { textTable } from './table.js';

const STDERR_TAIL = 2_000;

/** The recordings of one row × load × process, one per round, in round order. */
export type PerfGroup = readonly [PerfRecording, ...PerfRecording[]];

export type PerfOutcome =
  | { readonly kind: 'summary'; readonly recordings: PerfGroup; readonly summary: PerfSummary }
  | { readonly kind: 'failed'; readonly recordings: PerfGroup; readonly reason: string };

/** The recordings grouped by row × load × process, in the order each group first appears; each group keeps the recordings' order. */
export function groupRecordings(recordings: readonly PerfRecording[]): PerfGroup[] {
  const groups = new Map<string, [PerfRecording, ...PerfRecording[]]>();
  for (const r of recordings) {
    const key = JSON.stringify([r.row, r.load, r.process]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [r]);
    else group.push(r);
  }
  return [...groups.values()];
}

/** Runs `perf script` on every recording of a group and summarises them together; a failure is an outcome, not an exception. */
export async function summarizeRecordings(perf: string, recordings: PerfGroup, top: number): Promise<PerfOutcome> {
  const builder = new PerfSummaryBuilder({ binary: recordings[0].binary });
  for (const recording of recordings) {
    const failure = await streamRecording(perf, recording, builder);
    if (failure !== undefined) return { kind: 'failed', recordings, reason: failure };
  }
  return { kind: 'summary', recordings, summary: builder.summary(top) };
}

/** Feeds `perf script` of one recording to `builder`; says why when it cannot. */
async function streamRecording(perf: string, recording: PerfRecording, builder: PerfSummaryBuilder): Promise<string | undefined> {
  const child = spawn(perf, ['script', '-F', 'ip,sym,dso', '-i', recording.file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-STDERR_TAIL)));
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      stderr += err.message;
      resolve(null);
    });
    child.once('close', (code) => resolve(code));
  });
  let parseError: string | undefined;
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (parseError !== undefined) continue;
    try {
      builder.addLine(line);
    } catch (err) {
      parseError = err instanceof Error ? err.message : String(err);
    }
  }
  const code = await exited;
  if (code !== 0) return `perf script -i ${recording.file} ended with ${code}: ${stderr.trim()}`;
  if (parseError !== undefined) return `perf script -i ${recording.file}: ${parseError}`;
  return undefined;
}

/**
 * Moves the JIT symbol maps node wrote (`/tmp/perf-<pid>.map`, for `--perf-basic-prof`) of the sampled
 * processes (pid → directory) into their rows' directories, so /tmp does not fill up; `perf script` of a
 * kept recording needs its map copied back to /tmp.
 */
export function keepJitMaps(sampled: ReadonlyMap<number, string>): void {
  for (const [pid, dir] of sampled) {
    const map = `/tmp/perf-${pid}.map`;
    if (!existsSync(map)) continue;
    copyFileSync(map, join(dir, basename(map)));
    unlinkSync(map);
  }
}

const pct = (n: number, of: number) => `${fmt((100 * n) / (of || 1), 1)}%`;

function placeLabel(place: Place, binary: string): string {
  return place === 'binary' ? basename(binary) : place === 'jit' ? 'JIT' : place;
}

export function formatPerf(o: PerfOutcome): string {
  const r = o.recordings[0];
  const rounds = o.recordings.map((x) => x.round).join(', ');
  const files = o.recordings.length === 1 ? r.file : join(dirname(r.file), `${r.load}-${r.process}-r*.data`);
  const where = `${r.row} ${r.load} ${r.process}, round${o.recordings.length === 1 ? '' : 's'} ${rounds} (${files})`;
  if (o.kind === 'failed') return `${where}: not summarised: ${o.reason}`;
  const s = o.summary;
  const places = PLACES.map((p) => `${placeLabel(p, r.binary)} ${pct(s.byPlace[p], s.samples)}`).join(', ');
  const head = `${where}: ${s.samples} samples (${places})`;
  // A peer (HAProxy, nginx) runs no Meshwork code: its split is the whole story.
  if (s.top.length === 0 && basename(r.binary) !== 'node') return head;
  const rows = s.top.map((f) => [pct(f.samples, s.samples), pct(f.samples, s.userSamples), String(f.samples), f.name, f.where]);
  const rest = basename(r.binary) === 'node' ? 'event loop, stream reads, GC, microtasks' : `all of ${basename(r.binary)}'s user-space work`;
  rows.push([pct(s.noMeshworkFrame, s.samples), pct(s.noMeshworkFrame, s.userSamples), String(s.noMeshworkFrame), '(no Meshwork frame)', rest]);
  return `${head}\n${textTable(['of all', 'of user', 'samples', 'user-space samples charged to', 'where'], rows)}`;
}
