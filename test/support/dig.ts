/**
 * The real `dig` (bind9-dnsutils) for DNS tests, with its output read back into sections.
 * Tests skip (saying why) when dig is not installed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export const DIG = '/usr/bin/dig';

export function digMissing(): string | undefined {
  return existsSync(DIG) ? undefined : `${DIG} is not installed (.ci/run installs bind9-dnsutils)`;
}

export interface DigRecord {
  readonly name: string;
  readonly ttl: number;
  readonly type: string;
  readonly data: string;
}

export interface DigResult {
  readonly status: string;
  readonly flags: readonly string[];
  readonly answer: readonly DigRecord[];
  readonly authority: readonly DigRecord[];
  readonly additional: readonly DigRecord[];
  readonly raw: string;
}

function parseRecord(line: string): DigRecord {
  const [name, ttl, , type, ...data] = line.split(/\s+/);
  return { name: name ?? '', ttl: Number(ttl), type: type ?? '', data: data.join(' ') };
}

export function parseDig(raw: string): DigResult {
  const sections: Record<string, DigRecord[]> = { ANSWER: [], AUTHORITY: [], ADDITIONAL: [] };
  let current: DigRecord[] | undefined;
  for (const line of raw.split('\n')) {
    const header = /^;; (ANSWER|AUTHORITY|ADDITIONAL) SECTION:/.exec(line);
    if (header) current = sections[header[1]!];
    else if (line.trim() === '' || line.startsWith(';')) current = line.startsWith(';') ? current : undefined;
    else current?.push(parseRecord(line));
  }
  return {
    status: /status: (\w+)/.exec(raw)?.[1] ?? 'NONE',
    flags: (/flags: ([a-z ]*);/.exec(raw)?.[1] ?? '').trim().split(/\s+/),
    answer: sections.ANSWER!,
    authority: sections.AUTHORITY!,
    additional: sections.ADDITIONAL!,
    raw,
  };
}

/** `dig @host -p port <args>`, one try, short timeout. */
export function dig(server: { host: string; port: number }, args: readonly string[]): Promise<DigResult> {
  return new Promise((resolve, reject) => {
    execFile(DIG, [`@${server.host}`, '-p', String(server.port), '+tries=1', '+time=3', ...args], { timeout: 20_000 }, (err, stdout) => {
      if (err && stdout === '') reject(err);
      else resolve(parseDig(stdout));
    });
  });
}
