/** Admin endpoints that read stats or change state: /stats*, /logging, /healthcheck/*, /drain_listeners, /quitquitquit, /reset_counters. */
import { isLogLevel, LOG_LEVELS } from '../../core/log.js';
import type { Proxy } from '../proxy.js';
import { renderJson, renderPrometheus, renderText, shownHistograms, type RenderOptions } from '../stats/render.js';
import { JSON_TYPE, type AdminHandler, type AdminResponse } from './admin-server.js';

function filterOf(params: URLSearchParams): RegExp | undefined | { error: string } {
  const f = params.get('filter');
  if (f === null || f === '') return undefined;
  try {
    return new RegExp(f);
  } catch {
    return { error: 'Invalid re2 regex' };
  }
}

function stats(params: URLSearchParams, proxy: Proxy, format: string | null): AdminResponse {
  const filter = filterOf(params);
  if (filter && !(filter instanceof RegExp)) return { status: 400, body: `${filter.error}\n` };
  const buckets = params.get('histogram_buckets') ?? 'none';
  if (buckets !== 'none' && buckets !== 'cumulative') return { status: 400, body: 'usage: histogram_buckets=cumulative|none\n' };
  const o: RenderOptions = { filter, usedOnly: params.has('usedonly'), buckets: buckets === 'cumulative' };
  if (format === 'prometheus') return { contentType: 'text/plain; version=0.0.4; charset=UTF-8', body: renderPrometheus(proxy.stats, o) };
  // A text or JSON read ends the histograms' interval, as Envoy's stats flush does.
  for (const h of shownHistograms(proxy.stats, o)) h.takeInterval();
  if (format === 'json') return { contentType: JSON_TYPE, body: renderJson(proxy.stats, o) };
  return { body: renderText(proxy.stats, o) };
}

function loggers(proxy: Proxy): string {
  return `active loggers:\n${proxy.logs.levels().map(([n, l]) => `  ${n}: ${l}`).join('\n')}\n`;
}

function logging(params: URLSearchParams, proxy: Proxy): AdminResponse {
  const entries = [...params.entries()];
  if (entries.length === 0) return { body: loggers(proxy) };
  const usage = `usage: /logging?<name>=<level> (change single level)\nusage: /logging?paths=name1:level1,name2:level2,... (change multiple levels)\nusage: /logging?level=<level> (change all levels)\nlevels: ${LOG_LEVELS.join(' ')} \n`;
  const fail = (msg: string): AdminResponse => ({ status: 400, body: `error: ${msg}\n\n${usage}${loggers(proxy)}` });
  if (entries.length > 1) return fail('invalid number of parameters');
  const [key, value] = entries[0]!;
  const level = value === 'warn' ? 'warning' : value;
  if (key === 'paths') {
    for (const pair of value.split(',')) {
      const [name, lvl] = pair.split(':');
      if (!name || !lvl || !isLogLevel(lvl)) return fail(`invalid level in '${pair}'`);
      if (!proxy.logs.setOne(name, lvl)) return fail(`unknown logger name '${name}'`);
    }
    return { body: loggers(proxy) };
  }
  if (!isLogLevel(level)) return fail(`unknown logger level '${value}'`);
  if (key === 'level') proxy.logs.setAll(level);
  else if (!proxy.logs.setOne(key, level)) return fail('unknown logger name');
  return { body: loggers(proxy) };
}

export function controlHandlers(): AdminHandler[] {
  return [
    { path: '/stats', help: 'print server stats (format=json|prometheus, filter=<regex>, usedonly, histogram_buckets=cumulative|none)', post: false, handle: (p, proxy) => stats(p, proxy, p.get('format')) },
    { path: '/stats/prometheus', help: 'print server stats in prometheus format', post: false, handle: (p, proxy) => stats(p, proxy, 'prometheus') },
    { path: '/reset_counters', help: 'reset all counters to zero (histograms keep their values)', post: true, handle: (_p, proxy) => (proxy.stats.resetCounters(), { body: 'OK\n' }) },
    { path: '/logging', help: 'query/change logging levels', post: true, handle: logging },
    { path: '/healthcheck/fail', help: 'cause the server to fail health checks', post: true, handle: (_p, proxy) => (proxy.setHealthFailed(true), { body: 'OK\n' }) },
    { path: '/healthcheck/ok', help: 'cause the server to pass health checks', post: true, handle: (_p, proxy) => (proxy.setHealthFailed(false), { body: 'OK\n' }) },
    {
      path: '/drain_listeners',
      help: 'drain listeners (graceful: finish in-flight requests)',
      post: true,
      handle: (_p, proxy) => (void proxy.listeners.drain(proxy.options.drainTimeoutMs ?? 5_000), { body: 'OK\n' }),
    },
    { path: '/quitquitquit', help: 'exit the server (after draining)', post: true, handle: (_p, proxy) => (setImmediate(() => proxy.quit()), { body: 'OK\n' }) },
  ];
}
