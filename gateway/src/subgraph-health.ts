// The gateway is ready when every subgraph says it is.
import { request } from "undici";

export async function subgraphsNotReady(subgraphs: Array<{ name: string; url: string }>): Promise<string | null> {
  const answers = await Promise.all(
    subgraphs.map(async ({ name, url }) => {
      try {
        const response = await request(new URL("/readyz", url), { headersTimeout: 1_000, bodyTimeout: 1_000 });
        await response.body.dump();
        return response.statusCode === 200 ? null : `${name} not ready`;
      } catch {
        return `${name} unreachable`;
      }
    }),
  );
  const problems = answers.filter((a): a is string => a !== null);
  return problems.length === 0 ? null : problems.join(", ");
}
