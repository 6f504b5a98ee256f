/**
 * The one contract suite every ResourceStore backend must pass. A backend's test file calls
 * `describeStoreContract('sqlite', openFresh, reopen)`; the suite opens a fresh store per test and
 * closes it afterwards.
 */
import { describe } from 'node:test';
import { describeFeedContract } from './store-contract-feed.js';
import { describeObjectContract } from './store-contract-objects.js';
import type { OpenFresh, Reopen } from './store-contract-support.js';

export type { ContractStoreOptions, OpenFresh, Reopen } from './store-contract-support.js';

export function describeStoreContract(name: string, openFresh: OpenFresh, reopen: Reopen): void {
  describe(`ResourceStore contract: ${name}`, () => {
    describeObjectContract({ openFresh, reopen });
    describeFeedContract({ openFresh, reopen });
  });
}
