// The try-it page at /try: four files built from client/try-page (scripts/build/try-page.ts),
// served as they are. The page is a client of /graphql like any other, so it adds no capability:
// its requests go through the same authentication, limits and allow-list. Its policy allows
// scripts, styles and connections to this origin only: no inline script or style, no eval.
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";

export const TRY_PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const FILES: Record<string, { file: string; type: string }> = {
  "/try": { file: "index.html", type: "text/html" },
  "/try/": { file: "index.html", type: "text/html" },
  "/try/try.js": { file: "try.js", type: "text/javascript" },
  "/try/try.css": { file: "try.css", type: "text/css" },
  "/try/icon.svg": { file: "icon.svg", type: "image/svg+xml" },
};

/** The route for `dir` (the built page); files are read once, on first request. */
export function tryPageRoute(dir: string): (request: IncomingMessage, response: ServerResponse, url: URL) => boolean {
  const cache = new Map<string, Buffer>();
  return (request, response, url) => {
    const entry = FILES[url.pathname];
    if (!entry || (request.method !== "GET" && request.method !== "HEAD")) return false;
    let body = cache.get(entry.file);
    if (!body) {
      try {
        body = readFileSync(join(dir, entry.file));
      } catch {
        response.writeHead(503, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
        response.end(`The try-it page is not built (TRY_PAGE_DIR=${dir}): run npm run build.\n`);
        return true;
      }
      cache.set(entry.file, body);
    }
    response.writeHead(200, {
      "content-type": `${entry.type}; charset=utf-8`,
      "content-length": body.length,
      // Not content-hashed names: a browser checks again rather than keep an old page.
      "cache-control": "no-cache",
      "content-security-policy": TRY_PAGE_POLICY,
    });
    response.end(request.method === "HEAD" ? undefined : body);
    return true;
  };
}
