// Hits and misses of the ML service's output cache, read from its Prometheus text. The counters'
// exact names belong to the ML service: any counter with "cache" and "hit" (or "miss") in its name
// is summed, so a rename there does not silently zero the figure here (it shows as absent).
export interface CacheCounts {
  hits: number;
  misses: number;
}

export function parseCacheCounts(prometheusText: string): CacheCounts | undefined {
  let hits = 0;
  let misses = 0;
  let seen = false;
  for (const line of prometheusText.split("\n")) {
    if (line.startsWith("#") || !line.trim()) continue;
    const match = /^([A-Za-z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const name = match[1]!.toLowerCase();
    if (!name.includes("cache") || name.endsWith("_created")) continue;
    const value = Number(match[3]);
    if (!Number.isFinite(value)) continue;
    if (/hits?(_total)?$/.test(name)) {
      hits += value;
      seen = true;
    } else if (/miss(es)?(_total)?$/.test(name)) {
      misses += value;
      seen = true;
    }
  }
  return seen ? { hits, misses } : undefined;
}

export async function readCacheCounts(metricsUrl: string): Promise<CacheCounts | undefined> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? parseCacheCounts(await response.text()) : undefined;
  } catch {
    return undefined;
  }
}
