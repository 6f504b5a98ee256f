/**
 * Counters, gauges and histograms with Envoy's stat names (`cluster.<name>.upstream_rq_total`, …). A stat
 * is a small mutable object the hot path holds on to and bumps directly; the store only indexes them for
 * the admin endpoints. Text readouts hold strings (`http.<prefix>.rds.<name>.version_text`).
 */
import { Histogram } from './histogram.js';

export type StatKind = 'counter' | 'gauge';

export class Stat {
  value = 0;
  constructor(readonly name: string, readonly kind: StatKind) {}
  inc(by = 1): void {
    this.value += by;
  }
  dec(by = 1): void {
    this.value -= by;
  }
  set(v: number): void {
    this.value = v;
  }
}

export class TextReadout {
  value = '';
  constructor(readonly name: string) {}
}

export class StatsStore {
  readonly #stats = new Map<string, Stat>();
  readonly #texts = new Map<string, TextReadout>();
  readonly #histograms = new Map<string, Histogram>();

  counter(name: string): Stat {
    return this.#get(name, 'counter');
  }

  gauge(name: string): Stat {
    return this.#get(name, 'gauge');
  }

  text(name: string): TextReadout {
    let t = this.#texts.get(name);
    if (!t) this.#texts.set(name, (t = new TextReadout(name)));
    return t;
  }

  histogram(name: string): Histogram {
    let h = this.#histograms.get(name);
    if (!h) this.#histograms.set(name, (h = new Histogram(name)));
    return h;
  }

  #get(name: string, kind: StatKind): Stat {
    let s = this.#stats.get(name);
    if (!s) this.#stats.set(name, (s = new Stat(name, kind)));
    return s;
  }

  /** Stats sorted by name (counters and gauges intermingled, as Envoy's /stats prints them). */
  sorted(): Stat[] {
    return [...this.#stats.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  texts(): TextReadout[] {
    return [...this.#texts.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  histograms(): Histogram[] {
    return [...this.#histograms.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  value(name: string): number | undefined {
    return this.#stats.get(name)?.value;
  }

  /** Zeroes counters; gauges and histograms keep their values, as Envoy's /reset_counters does. */
  resetCounters(): void {
    for (const s of this.#stats.values()) if (s.kind === 'counter') s.value = 0;
  }

  /** Drops every stat under a prefix (a removed cluster or listener). */
  removePrefix(prefix: string): void {
    for (const name of this.#stats.keys()) if (name.startsWith(prefix)) this.#stats.delete(name);
    for (const name of this.#histograms.keys()) if (name.startsWith(prefix)) this.#histograms.delete(name);
  }
}
