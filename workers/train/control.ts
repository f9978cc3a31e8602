// Pause, resume and stop for a running training loop, and live changes to the code/text mix. The
// loop reads these between steps; the host (worker RPC, CLI signal handler) sets them.
import { validateSchedule, type MixSchedule } from '../../src/core/data/schedule';
import type { MixChange } from '../../src/contract/train';

export class RunControl {
  stopRequested = false;
  private paused: { promise: Promise<void>; resume: () => void } | null = null;
  private pendingMix: MixChange | null = null;

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

  /**
   * Ask for a new mix from the next step on: a fixed code share (null returns to the schedule)
   * and/or another schedule. Throws, changing nothing, when the change is invalid.
   */
  requestMixChange(change: MixChange): void {
    const problems: string[] = [];
    if (change.codeShare !== undefined && change.codeShare !== null) {
      if (typeof change.codeShare !== 'number' || !(change.codeShare >= 0 && change.codeShare <= 1)) {
        problems.push(`codeShare must be a share from 0 to 1 (got ${JSON.stringify(change.codeShare)})`);
      }
    }
    if (change.schedule) problems.push(...validateSchedule(change.schedule as MixSchedule, 'schedule'));
    if (change.codeShare === undefined && change.schedule === undefined)
      problems.push('a mix change needs codeShare or schedule');
    if (problems.length) throw new Error(`invalid mix change: ${problems.join('; ')}`);
    this.pendingMix = { ...this.pendingMix, ...change };
  }

  /** The change requested since the last call, if any (the loop applies it at the next step). */
  takeMixChange(): MixChange | null {
    const change = this.pendingMix;
    this.pendingMix = null;
    return change;
  }
}
