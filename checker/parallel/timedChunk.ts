/**
 * How many states a thread expands before it next lets its event loop run: up to `most`, and fewer
 * when a chunk takes longer than `targetMs`, so that a spec that is slow per state (milliseconds a
 * call) still lets timers, signals and messages be heard every `targetMs` or so. The first chunk is
 * one state, and each next one is sized by how long the last took: halved or more when it took too
 * long, doubled when it was quick (a fast spec reaches `most` within a few turns).
 */
export class TimedChunk {
  private size = 1;

  constructor(
    private readonly most: number,
    private readonly targetMs: number,
  ) {}

  /** Calls `step` with the chunk's size, and sizes the next chunk by how long it took. */
  run<T>(step: (size: number) => T): T {
    const started = performance.now();
    const result = step(this.size);
    const took = performance.now() - started;
    if (took > this.targetMs) this.size = Math.max(1, Math.min(this.size >> 1, Math.floor((this.size * this.targetMs) / took)));
    else if (took < this.targetMs / 2) this.size = Math.min(this.most, this.size * 2);
    return result;
  }

  /** The size the next chunk will have. */
  get next(): number {
    return this.size;
  }
}
