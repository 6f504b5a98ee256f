/** Prints the CPU profiles a row's Meshwork processes wrote (`--profile`): top self time and time by origin. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeProfile, type CpuProfile, type ProfileSummary, type ProfileWindow } from './cpu-profile.js';
import { fmt } from './proxy-report.js';
import { textTable } from './table.js';

export interface NamedProfile {
  readonly file: string;
  readonly summary: ProfileSummary;
}

export function readProfiles(dir: string, top: number, window?: ProfileWindow): NamedProfile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .map((f) => ({ file: join(dir, f), summary: summarizeProfile(JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile, top, window) }));
}

export function formatProfile(p: NamedProfile): string {
  const s = p.summary;
  const origins = Object.entries(s.byOrigin)
    .filter(([o]) => o !== 'idle')
    .map(([o, ms]) => `${o} ${fmt((100 * ms) / (s.totalMs || 1), 1)}%`)
    .join(', ');
  const rows = s.top.map((h) => [`${fmt(100 * h.share, 1)}%`, h.origin, h.name, h.where]);
  return `${p.file}: ${fmt(s.totalMs / 1000, 2)} s busy (${origins}; idle ${fmt(s.byOrigin.idle / 1000, 2)} s)\n${textTable(['self', 'origin', 'function', 'where'], rows)}`;
}
