import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { anchors, brokenLinks, relativeLinks, slug } from "./links.js";

const ROOT = new URL("../../", import.meta.url).pathname;

describe("heading anchors", () => {
  it("are lower case, without punctuation or code marks, spaces as hyphens", () => {
    expect(slug("The try-it page: `/try`")).toBe("the-try-it-page-try");
    expect(slug("Sentences, mixed opinions and the words behind the answer")).toBe("sentences-mixed-opinions-and-the-words-behind-the-answer");
  });

  it("number a repeated heading as GitHub does, and ignore # lines in code blocks", () => {
    expect([...anchors("# A\n## A\n```sh\n# not a heading\n```\n### B ##")]).toEqual(["a", "a-1", "b"]);
  });
});

describe("relative links", () => {
  it("are links and images to paths and fragments, not addresses, code spans or code blocks", () => {
    const text = "[a](docs/a.md#x) ![p](p.png) [web](https://example.com) <http://x>\n`[c](c.md)`\n```\n[d](d.md)\n```\n[s](#self)";
    expect(relativeLinks(text)).toEqual([
      { line: 1, target: "docs/a.md#x" },
      { line: 1, target: "p.png" },
      { line: 6, target: "#self" },
    ]);
  });

  it("are broken when their file is missing, when a fragment names no heading, or when they leave the repository", () => {
    const files = new Map([
      ["README.md", "# Top\n[ok](docs/a.md#part-two) [gone](docs/b.md) [bad](docs/a.md#part-three) [self](#top)"],
      ["docs/a.md", "# A\n## Part two\n[up](../README.md#top) [out](../../x.md) [pic](p.png)"],
    ]);
    const read = (path: string) => (path === "docs/p.png" ? "" : null);
    expect(brokenLinks(files, read)).toEqual([
      "README.md:2: docs/b.md (no such file)",
      "README.md:2: docs/a.md#part-three (no heading #part-three in docs/a.md)",
      "docs/a.md:3: ../../x.md (no such file)",
    ]);
  });
});

describe("the documentation's own links", () => {
  it("each reach a file of the repository and, with a fragment, a heading", () => {
    const docs = readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
    const files = new Map(["README.md", ...docs].map((path) => [path, readFileSync(join(ROOT, path), "utf8")]));
    const read = (path: string) => {
      const full = join(ROOT, path);
      if (!existsSync(full)) return null;
      return statSync(full).isDirectory() ? "" : readFileSync(full, "utf8");
    };
    expect(brokenLinks(files, read)).toEqual([]);
  });
});
