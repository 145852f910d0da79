// How fast a process's memory grows, from samples [x, MB] (x: requests answered, or seconds).

/** Theil–Sen estimate of the slope of y over x: the median of the slopes between every pair. */
export function medianSlope(points: Array<[number, number]>): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i += 1) {
    for (let j = i + 1; j < points.length; j += 1) {
      const [x1, y1] = points[i] as [number, number];
      const [x2, y2] = points[j] as [number, number];
      if (x2 !== x1) slopes.push((y2 - y1) / (x2 - x1));
    }
  }
  if (slopes.length === 0) return 0;
  slopes.sort((a, b) => a - b);
  const middle = Math.floor(slopes.length / 2);
  return slopes.length % 2 ? (slopes[middle] as number) : ((slopes[middle - 1] as number) + (slopes[middle] as number)) / 2;
}

/**
 * The slope of the heap's floor: the samples are cut into `windows` runs in order, the lowest
 * sample of each is kept, and the Theil–Sen slope of those lows is the trend. A bounded structure
 * that fills and is emptied in turn (expiring entries, a cache cleared by size) draws a sawtooth
 * whose rising edges dominate the pairs of a plain Theil–Sen estimate, which then reads growth
 * where there is none; its lows stay level. What is kept for good raises every low alike.
 */
export function floorSlope(points: Array<[number, number]>, windows = 5): number {
  const size = Math.floor(points.length / windows);
  if (size < 2) return medianSlope(points);
  const lows: Array<[number, number]> = [];
  for (let w = 0; w < windows; w += 1) {
    const run = points.slice(w * size, w === windows - 1 ? points.length : (w + 1) * size);
    lows.push(run.reduce((low, point) => (point[1] < low[1] ? point : low)));
  }
  return medianSlope(lows);
}
