/**
 * The AWS CLI v2 for compatibility tests. `aws` on PATH may be a v1 shim (pyenv), so the Debian package's
 * /usr/bin/aws is preferred; MESHWORK_AWS_CLI overrides. It runs with throwaway credentials, no config
 * files, no pager and no retries, so no real AWS is ever contacted.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { TEST_CREDENTIALS } from './cloudmap-server.js';

const CANDIDATES = ['/usr/bin/aws', '/usr/local/bin/aws'];

/** The Debian package's AWS CLI v2. */
export const AWS_CLI = '/usr/bin/aws';

/** The path of an AWS CLI v2, or undefined when none is installed. */
export function findAwsCliV2(): string | undefined {
  const candidates = process.env['MESHWORK_AWS_CLI'] ? [process.env['MESHWORK_AWS_CLI']] : CANDIDATES;
  for (const path of candidates) {
    try {
      const version = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 });
      if (version.startsWith('aws-cli/2.')) return path;
    } catch {
      // not there, or not runnable: try the next one
    }
  }
  return undefined;
}

/** A reason to skip, or undefined when the CLI is there. */
export function awsCliMissing(): string | undefined {
  return existsSync(AWS_CLI) ? undefined : `${AWS_CLI} is not installed (.ci/run installs awscli)`;
}

export interface AwsCliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
export type CliResult = AwsCliResult;

export interface AwsCliOptions {
  readonly endpoint: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
}

function execAws(cli: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<AwsCliResult> {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/tmp',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  return new Promise((resolve) => {
    execFile(cli, [...args], { env: { ...base, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `aws --endpoint-url <endpoint> --output json <args>`. */
export function runAwsCli(cli: string, args: readonly string[], opts: AwsCliOptions): Promise<AwsCliResult> {
  return execAws(cli, ['--endpoint-url', opts.endpoint, '--output', 'json', ...args], {
    AWS_ACCESS_KEY_ID: opts.accessKeyId ?? 'AKIDMESHWORKTEST',
    AWS_SECRET_ACCESS_KEY: opts.secretAccessKey ?? 'meshwork-test-secret',
    AWS_DEFAULT_REGION: 'eu-central-1',
  });
}

/** Runs `/usr/bin/aws <args>` with the Cloud Map test credentials; `env` adds or overrides variables. */
export function runAws(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
  return execAws(AWS_CLI, args, {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    ...env,
  });
}
