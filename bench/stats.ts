/** Small helpers for the bench scripts: medians of repeated timings, retained memory. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Runs `fn` `times` times and returns each run's duration in microseconds. */
export const timeEach = async (times: number, fn: () => unknown): Promise<number[]> => {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return samples;
};

export const fmt = (microseconds: number): string =>
  microseconds >= 1000 ? `${(microseconds / 1000).toFixed(2)} ms` : `${microseconds.toFixed(1)} µs`;

/** Full collections (when run with --expose-gc), so that what is measured after is what is kept. */
export const gc = (): void => {
  for (let i = 0; i < 3; i++) globalThis.gc?.();
};

/** The heap and what its objects hold outside it (external strings such as a seed's decoded texts, array buffers). */
export const heapUsed = (): number => {
  gc();
  const { heapUsed: heap, external } = process.memoryUsage();
  return heap + external;
};
