/**
 * The real AWS CLI v2 for compatibility tests. `aws` on PATH may be a v1 shim, so the Debian package's
 * binary at /usr/bin/aws is used; tests skip (saying why) when it is not installed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { TEST_CREDENTIALS } from './cloudmap-server.js';

export const AWS_CLI = '/usr/bin/aws';

/** A reason to skip, or undefined when the CLI is there. */
export function awsCliMissing(): string | undefined {
  return existsSync(AWS_CLI) ? undefined : `${AWS_CLI} is not installed (.ci/run installs awscli)`;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `aws <args>` with test credentials and no config files, pager or retries. */
export function runAws(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      AWS_CLI,
      [...args],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_PAGER: '',
          AWS_MAX_ATTEMPTS: '1',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          ...env,
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const code = err && typeof err.code === 'number' ? err.code : err ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
