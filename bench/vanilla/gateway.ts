// Baseline gateway: stock @apollo/gateway on the project's committed supergraph (the same query
// plans as the project's gateway) behind @apollo/server's standalone server, default settings
// throughout. Only the subgraph URLs differ: REVIEWS_URL and ML_URL, each with the gateway's own
// default data source.
import { readFileSync } from "node:fs";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { SUPERGRAPH_PATH } from "@sentiment/schema";
import { portFromEnv } from "./port.js";

const urls: Record<string, string | undefined> = { reviews: process.env.REVIEWS_URL, ml: process.env.ML_URL };
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8"),
  buildService: ({ name }) => {
    const url = urls[name];
    if (!url) throw new Error(`set the URL of the "${name}" subgraph (REVIEWS_URL, ML_URL)`);
    return new RemoteGraphQLDataSource({ url });
  },
});
const server = new ApolloServer({ gateway });
await startStandaloneServer(server, { listen: { port: portFromEnv(), host: "127.0.0.1" } });
