/**
 * The Cloud Map operations the API serves, by name (`CreateService`). Handler modules add theirs with
 * `register`; the API looks them up by the X-Amz-Target suffix. A fresh table per server, no globals.
 */
import type { z } from 'zod';
import type { RegistryContext } from './context.js';
import { parseInput } from './input.js';

/** Runs one operation: `body` is the parsed JSON request; the result is the JSON response object. */
export type OperationHandler = (ctx: RegistryContext, body: unknown) => unknown;

/** A handler that validates its input with `schema` first (InvalidInput on failure). */
export function operation<S extends z.ZodType>(schema: S, run: (ctx: RegistryContext, input: z.output<S>) => unknown): OperationHandler {
  return (ctx, body) => run(ctx, parseInput(schema, body));
}

export class OperationTable {
  readonly #handlers = new Map<string, OperationHandler>();

  register(name: string, handler: OperationHandler): void {
    if (this.#handlers.has(name)) throw new Error(`Cloud Map operation ${name} already registered`);
    this.#handlers.set(name, handler);
  }

  get(name: string): OperationHandler | undefined {
    return this.#handlers.get(name);
  }

  names(): string[] {
    return [...this.#handlers.keys()].sort();
  }
}
