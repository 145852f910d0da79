// An explorer that works offline: GraphiQL and React served from their npm packages at
// /explorer (Apollo Sandbox, the landing page, loads from Apollo's CDN). URL parameters
// `query`, `variables` and `headers` prefill the editors; without them a first visit shows a
// review read sentence by sentence, with the words that drove the answer.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  "/explorer/react.js": { pkg: "react", file: "umd/react.production.min.js", type: "text/javascript" },
  "/explorer/react-dom.js": { pkg: "react-dom", file: "umd/react-dom.production.min.js", type: "text/javascript" },
  "/explorer/graphiql.js": { pkg: "graphiql", file: "graphiql.min.js", type: "text/javascript" },
  "/explorer/graphiql.css": { pkg: "graphiql", file: "graphiql.min.css", type: "text/css" },
};

/** A package's folder; its `exports` map hides the browser bundles from require.resolve. */
function packageRoot(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, "package.json")) || (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name !== name) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = parent;
  }
  return dir;
}

/** What a first visit shows (GraphiQL keeps the user's own query after that). */
export const DEFAULT_QUERY = `# Press the run button.
# start, end: UTF-16 offsets into \`text\`.
# weight: push on the log-odds of POSITIVE.
query ReviewInDetail {
  analyzeReview(text: "The food was cold and bland. The waiter was friendly and helpful.") {
    text
    sentiment {
      label
      score
      mixed
      sentences { text start end label score }
      explanation(top: 5) { word start end weight }
    }
  }
}
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sentiment API explorer</title>
<link rel="stylesheet" href="/explorer/graphiql.css">
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
  #hint { padding: 6px 12px; font-size: 13px; background: #f3f5f9; border-bottom: 1px solid #dde; }
  #graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body>
<div id="hint"><a href="/try">Try it without GraphQL</a>: paste a review and see its sentences and words. Reads work without a key in development. For writes, open <b>Headers</b> below and add
<code>{"Authorization": "Bearer &lt;your key&gt;"}</code> (the key <code>npm start</code> printed, or one from <code>npm run apikey</code>).</div>
<div id="graphiql">Loading the explorer…</div>
<script src="/explorer/react.js"></script>
<script src="/explorer/react-dom.js"></script>
<script src="/explorer/graphiql.js"></script>
<script src="/explorer/init.js"></script>
</body>
</html>
`;

const INIT = `(function () {
  var params = new URLSearchParams(window.location.search);
  var fetcher = GraphiQL.createFetcher({ url: window.location.origin + "/graphql" });
  var props = { fetcher: fetcher, shouldPersistHeaders: true, defaultEditorToolsVisibility: true, defaultQuery: ${JSON.stringify(DEFAULT_QUERY)} };
  if (params.get("query")) props.query = params.get("query");
  if (params.get("variables")) props.variables = params.get("variables");
  if (params.get("headers")) props.headers = params.get("headers");
  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GraphiQL, props));
})();
`;

const assetCache = new Map<string, Buffer>();

function send(response: ServerResponse, type: string, body: string | Buffer, cacheSeconds: number): void {
  response.writeHead(200, {
    "content-type": `${type}; charset=utf-8`,
    "content-length": Buffer.byteLength(body),
    "cache-control": cacheSeconds > 0 ? `public, max-age=${cacheSeconds}` : "no-cache",
    // Everything comes from this origin; GraphiQL sets inline styles.
    "content-security-policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  });
  response.end(body);
}

/** Serves the explorer's routes; returns false for any other path. */
export function serveExplorer(request: IncomingMessage, response: ServerResponse, url: URL): boolean {
  if (request.method !== "GET" || !url.pathname.startsWith("/explorer")) return false;
  if (url.pathname === "/explorer" || url.pathname === "/explorer/") {
    send(response, "text/html", PAGE, 0);
    return true;
  }
  if (url.pathname === "/explorer/init.js") {
    send(response, "text/javascript", INIT, 0);
    return true;
  }
  const asset = ASSETS[url.pathname];
  if (!asset) return false;
  let body = assetCache.get(url.pathname);
  if (!body) {
    body = readFileSync(join(packageRoot(asset.pkg), asset.file));
    assetCache.set(url.pathname, body);
  }
  send(response, asset.type, body, 3600);
  return true;
}
