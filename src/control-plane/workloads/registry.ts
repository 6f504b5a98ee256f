/**
 * The control plane's register of running local workloads, kept in the store (kind `local.Workload`)
 * so DNS, xDS endpoints and `GET /meshwork/v1/workloads` all see one state and its change feed.
 *
 * Contract:
 * - A registration lives exactly as long as the runner's registration request stays open (the HTTP
 *   module ties the two together); nothing else keeps a workload registered, so a killed runner's
 *   workload goes at once, and `purge()` at start-up drops those of a previous run.
 * - `register` refuses a `<namespace>/<name>` that is already registered (AlreadyExistsError).
 * - `deregister` only removes the registration it is given (same pid and time), so a late close of an
 *   old registration never removes a newer one.
 * - Listeners (Cloud Map registration) follow every register, deregister and purge.
 * It is also the DNS server's LocalWorkloads: `addresses()` answers which healthy workloads a
 * Kubernetes Service selector picks.
 */
import { AlreadyExistsError, ConflictError, findCause } from '../../core/errors.js';
import type { ResourceStore } from '../../store/store.js';
import type { Clock } from '../../core/clock.js';
import type { LocalWorkloads } from '../dns/local-workloads.js';
import { matchesSelector } from '../../api/k8s/selector.js';
import { WORKLOAD_KIND, workloadKey, type Workload, type WorkloadRegistration } from '../../api/local-workload.js';

/**
 * Something that follows registrations, such as Cloud Map registration. `onRegistered` failing undoes
 * the registration (the runner gets the error); `onDeregistered` failures are the caller's to log.
 */
export interface WorkloadListener {
  onRegistered(workload: Workload): Promise<void>;
  onDeregistered(workload: Workload): Promise<void>;
  /** Drops what it holds for registrations of a previous run. */
  purge(): Promise<void>;
}

export class WorkloadRegistry implements LocalWorkloads {
  readonly #store: ResourceStore;
  readonly #clock: Clock;
  readonly #listeners: readonly WorkloadListener[];

  constructor(store: ResourceStore, clock: Clock, listeners: readonly WorkloadListener[] = []) {
    this.#store = store;
    this.#clock = clock;
    this.#listeners = listeners;
  }

  async register(reg: WorkloadRegistration): Promise<Workload> {
    const workload: Workload = { ...reg, registeredAt: new Date(this.#clock.now()).toISOString() };
    const key = workloadKey(reg.namespace, reg.name);
    try {
      await this.#store.transact((tx) => tx.put(WORKLOAD_KIND, key, workload, { expectedVersion: 0 }));
    } catch (err) {
      if (!findCause(err, ConflictError)) throw err;
      const other = this.get(reg.namespace, reg.name);
      throw new AlreadyExistsError(
        `workload ${key} is already registered${other ? ` (address ${other.address}, pid ${other.pid})` : ''}`,
        { cause: err },
      );
    }
    try {
      for (const l of this.#listeners) await l.onRegistered(workload);
    } catch (err) {
      await this.deregister(workload);
      throw err;
    }
    return workload;
  }

  /** Removes `workload` if it is still the registered one; returns whether it did. */
  async deregister(workload: Workload): Promise<boolean> {
    const key = workloadKey(workload.namespace, workload.name);
    const removed = await this.#store.transact((tx) => {
      const current = tx.get<Workload>(WORKLOAD_KIND, key);
      if (!current || current.value.pid !== workload.pid || current.value.registeredAt !== workload.registeredAt) return false;
      tx.delete(WORKLOAD_KIND, key);
      return true;
    });
    if (removed) for (const l of this.#listeners) await l.onDeregistered(workload);
    return removed;
  }

  get(namespace: string, name: string): Workload | undefined {
    return this.#store.get<Workload>(WORKLOAD_KIND, workloadKey(namespace, name))?.value;
  }

  /** All workloads, or those of one namespace, sorted by namespace then name. */
  list(namespace?: string): Workload[] {
    return this.#store.list<Workload>(WORKLOAD_KIND, namespace === undefined ? undefined : `${namespace}/`).map((o) => o.value);
  }

  /** Drops every registration (start-up: no runner holds a request open to a process that just started). */
  async purge(): Promise<number> {
    const n = await this.#store.transact((tx) => {
      const all = tx.list(WORKLOAD_KIND);
      for (const o of all) tx.delete(WORKLOAD_KIND, o.key);
      return all.length;
    });
    for (const l of this.#listeners) await l.purge();
    return n;
  }

  /** Workloads in `namespace` whose labels carry every key/value of `selector`; an empty selector picks none, as for Services. */
  select(namespace: string, selector: Readonly<Record<string, string>>): Workload[] {
    if (Object.keys(selector).length === 0) return [];
    return this.list(namespace).filter((w) => matchesSelector({ matchLabels: selector }, w.labels));
  }

  /** LocalWorkloads (DNS): the addresses of the healthy workloads a Service selector picks. */
  addresses(namespace: string, selector: Readonly<Record<string, string>>): string[] {
    return this.select(namespace, selector)
      .filter((w) => w.health === 'HEALTHY')
      .map((w) => w.address);
  }

  /** Calls `listener` after every store transaction that changed a workload. Returns unsubscribe. */
  onChange(listener: () => void): () => void {
    return this.#store.watch(this.#store.revision(), (events) => {
      if (events.some((e) => e.kind === WORKLOAD_KIND)) listener();
    });
  }
}
