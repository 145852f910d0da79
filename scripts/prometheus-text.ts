// Reading one figure out of a Prometheus text exposition: the sum of a metric's samples whose
// labels include the given ones (prom-client writes every label value in double quotes).

function parseLabels(text: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const match of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels.set(match[1] as string, (match[2] as string).replace(/\\(.)/g, "$1"));
  return labels;
}

/** Sum of `name`'s samples that carry every label in `having`; undefined when there are none. */
export function metricValue(exposition: string, name: string, having: Record<string, string> = {}): number | undefined {
  let sum: number | undefined;
  for (const line of exposition.split("\n")) {
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels = parseLabels(match[2] ?? "");
    if (Object.entries(having).every(([key, value]) => labels.get(key) === value)) sum = (sum ?? 0) + Number(match[3]);
  }
  return sum;
}

/** Sum of `name`'s samples that carry every label in `having`; 0 when there are none. */
export function metricSum(exposition: string, name: string, having: Record<string, string> = {}): number {
  return metricValue(exposition, name, having) ?? 0;
}
