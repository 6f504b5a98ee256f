/** Asserting on errors the AWS SDK raises: its name (the AWS error code), HTTP status and message. */
import assert from 'node:assert/strict';

export interface AwsError extends Error {
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly [member: string]: unknown;
}

function isAwsError(err: unknown): err is AwsError {
  return err instanceof Error;
}

/** Awaits `promise`, asserts it failed with error `name` (status 400 unless given), returns the error. */
export async function expectAwsError(promise: Promise<unknown>, name: string, message?: RegExp, status = 400): Promise<AwsError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(isAwsError(err), `expected an AWS error, got ${String(err)}`);
    assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected ${name}, but the call succeeded`);
}
