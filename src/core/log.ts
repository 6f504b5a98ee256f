/**
 * Named loggers with Envoy's level names, so the proxy's `/logging` admin endpoint and
 * `ENVOY_LOG_LEVEL` work as in Envoy. Lines look like Envoy's:
 * `[2026-11-25 21:50:01.123][1234][debug][router] cluster 'x' matched`.
 */

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warning: 3, error: 4, critical: 5, off: 6 };

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** Accepts Envoy's names plus the common `warn`. */
export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'info'): LogLevel {
  if (value === undefined || value === '') return fallback;
  const v = value.toLowerCase();
  if (v === 'warn') return 'warning';
  return isLogLevel(v) ? v : fallback;
}

export type LogSink = (line: string) => void;

export interface Logger {
  readonly name: string;
  enabled(level: LogLevel): boolean;
  trace(msg: string): void;
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

function timestamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** A set of named loggers whose levels can be read and changed at run time. */
export class LogRegistry {
  readonly #levels = new Map<string, LogLevel>();
  readonly #loggers = new Map<string, Logger>();
  #defaultLevel: LogLevel;
  #sink: LogSink;

  constructor(defaultLevel: LogLevel = 'info', sink: LogSink = (line) => process.stderr.write(line + '\n')) {
    this.#defaultLevel = defaultLevel;
    this.#sink = sink;
  }

  get(name: string): Logger {
    const existing = this.#loggers.get(name);
    if (existing) return existing;
    if (!this.#levels.has(name)) this.#levels.set(name, this.#defaultLevel);
    const registry = this;
    const emit = (level: LogLevel, msg: string) => {
      if (!registry.#enabled(name, level)) return;
      registry.#sink(`[${timestamp(new Date())}][${process.pid}][${level}][${name}] ${msg}`);
    };
    const logger: Logger = {
      name,
      enabled: (level) => registry.#enabled(name, level),
      trace: (m) => emit('trace', m),
      debug: (m) => emit('debug', m),
      info: (m) => emit('info', m),
      warn: (m) => emit('warning', m),
      error: (m) => emit('error', m),
    };
    this.#loggers.set(name, logger);
    return logger;
  }

  #enabled(name: string, level: LogLevel): boolean {
    const current = this.#levels.get(name) ?? this.#defaultLevel;
    return current !== 'off' && RANK[level] >= RANK[current];
  }

  /** Sorted `[name, level]` pairs, as Envoy's `/logging` lists them. */
  levels(): Array<[string, LogLevel]> {
    return [...this.#levels.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  setAll(level: LogLevel): void {
    this.#defaultLevel = level;
    for (const name of this.#levels.keys()) this.#levels.set(name, level);
  }

  /** Returns false when no logger of that name exists. */
  setOne(name: string, level: LogLevel): boolean {
    if (!this.#levels.has(name)) return false;
    this.#levels.set(name, level);
    return true;
  }

  /** Pre-registers logger names so `/logging` lists them before first use. */
  declare(...names: string[]): void {
    for (const n of names) if (!this.#levels.has(n)) this.#levels.set(n, this.#defaultLevel);
  }

  setSink(sink: LogSink): void {
    this.#sink = sink;
  }
}
