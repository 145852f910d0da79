// Baseline reviews subgraph: stock @apollo/subgraph on @apollo/server's standalone server, reviews
// held in an array, no validation, no storage, no auth.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { readSubgraphSdl } from "@sentiment/schema";
import { freshTexts } from "../../scripts/fresh-texts.js";
import { portFromEnv } from "./port.js";

interface Review {
  id: string;
  text: string;
  createdAt: string;
}

const nextText = freshTexts();
const reviews: Review[] = Array.from({ length: 200 }, (_, i) => ({ id: String(i + 1), text: nextText(), createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }));
const byId = new Map(reviews.map((r) => [r.id, r]));
const cursorOf = (index: number) => Buffer.from(String(index)).toString("base64url");
const indexOf = (cursor: string) => Number(Buffer.from(cursor, "base64url").toString("utf8"));

const resolvers = {
  Query: {
    review: (_: unknown, { id }: { id: string }) => byId.get(id) ?? null,
    reviews: (_: unknown, { first, after }: { first: number; after?: string }) => {
      const from = after === undefined ? 0 : indexOf(after) + 1;
      const page = reviews.slice(from, from + first);
      return {
        edges: page.map((node, i) => ({ cursor: cursorOf(from + i), node })),
        pageInfo: { hasNextPage: from + first < reviews.length, endCursor: page.length ? cursorOf(from + page.length - 1) : null },
      };
    },
    analyzeReview: (_: unknown, { text }: { text: string }) => ({ text }),
    analyzeReviews: (_: unknown, { texts }: { texts: string[] }) => texts.map((text) => ({ text })),
  },
  Review: {
    __resolveReference: ({ id }: { id: string }) => byId.get(id) ?? null,
  },
};

const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: parse(readSubgraphSdl("reviews")), resolvers }) });
await startStandaloneServer(server, { listen: { port: portFromEnv(), host: "127.0.0.1" } });
