// Pause, resume and stop for a running training loop, and the live code-share override. The loop
// checks these between steps; the host (worker RPC, CLI signal handler) sets them.

export class RunControl {
  stopRequested = false;
  /** When set, replaces the schedule's code share from the next step on. */
  codeShareOverride: number | null = null;
  private paused: { promise: Promise<void>; resume: () => void } | null = null;

  get isPaused(): boolean {
    return this.paused !== null;
  }

  pause(): void {
    if (this.paused) return;
    let resume = () => {};
    const promise = new Promise<void>((r) => (resume = r));
    this.paused = { promise, resume };
  }

  resume(): void {
    this.paused?.resume();
    this.paused = null;
  }

  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  /** Resolves at once when running, or when resumed or stopped. */
  async waitWhilePaused(): Promise<void> {
    while (this.paused) await this.paused.promise;
  }
}
