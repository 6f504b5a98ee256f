/**
 * Reads `perf script -F ip,sym,dso` output of a `perf record -g` recording (one sample per block of
 * frame lines, the leaf first, blocks separated by blank lines) and says where a process's CPU went:
 * - every sample by the place of its leaf: the kernel, the process's own executable (the node binary:
 *   V8 builtins, GC, libuv), JIT code (named by node's `--perf-basic-prof` map), libc, or other;
 * - every user-space sample (leaf not in the kernel) charged to the nearest frame whose source is under
 *   `dist/src/`: that Meshwork function's own work plus the Node.js and V8 code it calls. User-space
 *   samples with no such frame (event loop, stream reads, GC, microtasks) are counted apart.
 *
 * Pure: lines in, summary out; `PerfSummaryBuilder` takes lines one by one, so a large recording can be
 * streamed through it. Tested in perf-summary.test.ts.
 */

export type Place = 'kernel' | 'binary' | 'jit' | 'libc' | 'other';

export const PLACES: readonly Place[] = ['kernel', 'binary', 'jit', 'libc', 'other'];

export interface PerfFrame {
  readonly sym: string;
  readonly dso: string;
}

export interface ChargedFunction {
  /** The function's name as V8 gave it (`(anonymous)` when it has none). */
  readonly name: string;
  /** Its source, from `dist/`: `dist/src/proxy/http/h1-head-parser.js:107:27`. */
  readonly where: string;
  readonly samples: number;
}

export interface PerfSummary {
  readonly samples: number;
  readonly byPlace: Readonly<Record<Place, number>>;
  /** User-space samples (leaf not in the kernel). */
  readonly userSamples: number;
  /** The `top` Meshwork functions by user-space samples charged to them, most first. */
  readonly top: readonly ChargedFunction[];
  /** User-space samples with no frame under `dist/src/` on their stack. */
  readonly noMeshworkFrame: number;
}

export interface PlaceOptions {
  /** The path of the process's own executable as perf names it (`/usr/bin/node`). */
  readonly binary: string;
}

const FRAME = /^\s*([0-9a-f]+)\s+(.*)\s+\(([^()]*)\)$/;
const JIT_MAP = /\/perf-\d+\.map$/;
const LIBC = /\/libc(?:-[\d.]+)?\.so(?:\.\d+)?$/;
/** A `--perf-basic-prof` name: `JS:*scanFields file:///…/x.js:107:27` (`*` optimised, `~` interpreted, …). */
const JS_NAME = /^(?:JS|LazyCompile|Function):[*~^+]?(.*?) ?((?:file:\/\/)?\/\S*):(\d+):(\d+)$/;

/** One line of `perf script -F ip,sym,dso`: a frame, or undefined for a blank (separator) line. */
export function parseFrameLine(line: string, lineNumber: number): PerfFrame | undefined {
  if (line.trim() === '') return undefined;
  const m = FRAME.exec(line);
  if (!m) throw new SyntaxError(`perf script output line ${lineNumber}: expected '<hex ip> <symbol> (<dso>)' or a blank line, got '${line.slice(0, 120)}'`);
  return { sym: m[2]!, dso: m[3]! };
}

export function placeOf(frame: PerfFrame, o: PlaceOptions): Place {
  if (frame.dso.startsWith('[kernel')) return 'kernel';
  if (frame.dso === o.binary) return 'binary';
  if (JIT_MAP.test(frame.dso)) return 'jit';
  if (LIBC.test(frame.dso)) return 'libc';
  return 'other';
}

/** The Meshwork function a JIT frame runs, or undefined when its source is not under `dist/src/`. */
export function meshworkFunction(frame: PerfFrame): { name: string; where: string } | undefined {
  if (!JIT_MAP.test(frame.dso)) return undefined;
  const m = JS_NAME.exec(frame.sym);
  if (!m) return undefined;
  const url = m[2]!;
  const dist = url.indexOf('/dist/src/');
  if (dist < 0) return undefined;
  return { name: m[1] === '' ? '(anonymous)' : m[1]!, where: `${url.slice(dist + 1)}:${m[3]}:${m[4]}` };
}

/** Accumulates samples from `perf script` lines; `summary` may be called at any point. */
export class PerfSummaryBuilder {
  readonly #o: PlaceOptions;
  readonly #byPlace: Record<Place, number> = { kernel: 0, binary: 0, jit: 0, libc: 0, other: 0 };
  readonly #charged = new Map<string, { name: string; where: string; samples: number }>();
  #samples = 0;
  #noMeshworkFrame = 0;
  #lineNumber = 0;
  #current: PerfFrame[] = [];

  constructor(o: PlaceOptions) {
    this.#o = o;
  }

  addLine(line: string): void {
    this.#lineNumber += 1;
    const frame = parseFrameLine(line, this.#lineNumber);
    if (frame) this.#current.push(frame);
    else this.#endSample();
  }

  summary(top: number): PerfSummary {
    this.#endSample();
    const byPlace = { ...this.#byPlace };
    const functions = [...this.#charged.values()].sort((a, b) => b.samples - a.samples || a.where.localeCompare(b.where)).slice(0, top);
    return { samples: this.#samples, byPlace, userSamples: this.#samples - byPlace.kernel, top: functions, noMeshworkFrame: this.#noMeshworkFrame };
  }

  #endSample(): void {
    const frames = this.#current;
    if (frames.length === 0) return;
    this.#current = [];
    this.#samples += 1;
    const place = placeOf(frames[0]!, this.#o);
    this.#byPlace[place] += 1;
    if (place === 'kernel') return;
    for (const frame of frames) {
      const fn = meshworkFunction(frame);
      if (!fn) continue;
      const key = `${fn.name} ${fn.where}`;
      const entry = this.#charged.get(key) ?? { ...fn, samples: 0 };
      entry.samples += 1;
      this.#charged.set(key, entry);
      return;
    }
    this.#noMeshworkFrame += 1;
  }
}

/** The summary of a whole `perf script -F ip,sym,dso` text. */
export function summarizePerfScript(text: string, o: PlaceOptions, top: number): PerfSummary {
  const builder = new PerfSummaryBuilder(o);
  for (const line of text.split('\n')) builder.addLine(line);
  return builder.summary(top);
}
