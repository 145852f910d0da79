// Baseline ML subgraph: stock @apollo/subgraph on @apollo/server's standalone server, one constant
// sentiment for every text (no model), no auth.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { readSubgraphSdl } from "@sentiment/schema";
import { portFromEnv } from "./port.js";

const SENTIMENT = { label: "POSITIVE", score: 87.5, positiveProbability: 0.875, modelVersion: "constant", sentences: [], mixed: false, explanation: [] };

const resolvers = {
  Review: {
    __resolveReference: (reference: { id: string; text: string }) => reference,
    sentiment: () => SENTIMENT,
  },
  TextAnalysis: {
    __resolveReference: (reference: { text: string }) => reference,
    sentiment: () => SENTIMENT,
  },
};

const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: parse(readSubgraphSdl("ml")), resolvers }) });
await startStandaloneServer(server, { listen: { port: portFromEnv(), host: "127.0.0.1" } });
