/**
 * Countdown: resolves `done` with true when `tick` has been called `count` times, or with false when the
 * deadline passes first. Lets a benchmark wait on events (N clients converged) with a bounded deadline
 * instead of polling.
 */
export class Countdown {
  readonly done: Promise<boolean>;
  #left: number;
  #resolve: (reached: boolean) => void = () => {};
  #timer: NodeJS.Timeout | undefined;

  constructor(count: number, deadlineMs: number) {
    this.#left = count;
    this.done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    if (count <= 0) this.#finish(true);
    else this.#timer = setTimeout(() => this.#finish(false), deadlineMs);
  }

  tick(): void {
    this.#left--;
    if (this.#left === 0) this.#finish(true);
  }

  #finish(reached: boolean): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#resolve(reached);
  }
}
