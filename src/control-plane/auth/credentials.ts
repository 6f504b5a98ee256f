/**
 * Where the control plane's API credentials come from: an AWS shared-credentials file (the INI format of
 * `~/.aws/credentials`, so that file can be reused as it is) or two environment variables.
 *
 * Every profile in the file contributes one key pair; a request signed with any of them is accepted.
 * Precedence: an explicit file (`meshwork up --credentials FILE`), then `MESHWORK_CREDENTIALS` (a path),
 * then `MESHWORK_ACCESS_KEY_ID` + `MESHWORK_SECRET_ACCESS_KEY`. None of these → no credentials.
 */
import { readFileSync } from 'node:fs';
import { BadRequestError, errorMessage } from '../../core/errors.js';

export interface Credential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The profile the pair came from (`default`), or `env`. */
  readonly source: string;
}

/** Key pairs by access key id. */
export type CredentialSet = ReadonlyMap<string, Credential>;

export const CREDENTIALS_FILE_ENV = 'MESHWORK_CREDENTIALS';
export const ACCESS_KEY_ID_ENV = 'MESHWORK_ACCESS_KEY_ID';
export const SECRET_ACCESS_KEY_ENV = 'MESHWORK_SECRET_ACCESS_KEY';

/**
 * Parses the shared-credentials INI format. `[profile]` headers (also `[profile name]` as in
 * ~/.aws/config), `key = value` lines, `#` and `;` comments. Profiles without both keys are skipped
 * (a credentials file may hold SSO or role profiles); a key outside any profile, a line that is neither
 * header nor assignment, or two profiles sharing an access key id with different secrets is an error
 * naming the file and line.
 */
export function parseCredentialsFile(text: string, file: string): CredentialSet {
  const profiles = new Map<string, { keys: Map<string, string>; line: number }>();
  let current: Map<string, string> | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const where = `${file}:${i + 1}`;
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      const name = header[1]!;
      const existing = profiles.get(name);
      current = existing?.keys ?? new Map<string, string>();
      if (!existing) profiles.set(name, { keys: current, line: i + 1 });
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new BadRequestError(`${where}: expected "[profile]" or "key = value", got "${line}"`);
    if (!current) throw new BadRequestError(`${where}: "${line.slice(0, eq).trim()}" is outside any [profile] section`);
    current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }

  const set = new Map<string, Credential>();
  for (const [name, { keys, line }] of profiles) {
    const accessKeyId = keys.get('aws_access_key_id');
    const secretAccessKey = keys.get('aws_secret_access_key');
    if (!accessKeyId || !secretAccessKey) continue;
    const seen = set.get(accessKeyId);
    if (seen && seen.secretAccessKey !== secretAccessKey) {
      throw new BadRequestError(`${file}:${line}: profile [${name}] reuses access key id ${accessKeyId} of [${seen.source}] with another secret`);
    }
    set.set(accessKeyId, { accessKeyId, secretAccessKey, source: name });
  }
  return set;
}

export function loadCredentialsFile(file: string): CredentialSet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BadRequestError(`cannot read credentials file ${file}: ${errorMessage(err)}`, { cause: err });
  }
  const set = parseCredentialsFile(text, file);
  if (set.size === 0) {
    throw new BadRequestError(`${file}: no profile has both aws_access_key_id and aws_secret_access_key`);
  }
  return set;
}

/**
 * Resolves the credentials the server checks signatures against, or undefined when none are configured.
 * Throws BadRequestError for a file that cannot be read or parsed, or a half-set environment pair.
 */
export function resolveCredentials(file: string | undefined, env: NodeJS.ProcessEnv = process.env): CredentialSet | undefined {
  if (file !== undefined && file !== '') return loadCredentialsFile(file);
  const envFile = env[CREDENTIALS_FILE_ENV];
  if (envFile !== undefined && envFile !== '') return loadCredentialsFile(envFile);
  const accessKeyId = env[ACCESS_KEY_ID_ENV] ?? '';
  const secretAccessKey = env[SECRET_ACCESS_KEY_ENV] ?? '';
  if (accessKeyId === '' && secretAccessKey === '') return undefined;
  if (accessKeyId === '' || secretAccessKey === '') {
    const missing = accessKeyId === '' ? ACCESS_KEY_ID_ENV : SECRET_ACCESS_KEY_ENV;
    throw new BadRequestError(`${missing} is not set: set both ${ACCESS_KEY_ID_ENV} and ${SECRET_ACCESS_KEY_ENV}, or neither`);
  }
  return new Map([[accessKeyId, { accessKeyId, secretAccessKey, source: 'env' }]]);
}
