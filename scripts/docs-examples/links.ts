// The relative links of the documentation (README.md and docs/*.md): each must reach a file of
// the repository and, with a `#fragment` into a Markdown file, one of its headings, so that a
// section moved from one file to another cannot leave a link pointing at nothing.
import { dirname, join, normalize } from "node:path";

export type Link = { line: number; target: string };

const FENCE = /^\s*(```|~~~)/;
const LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/** The lines outside fenced code blocks, with inline code spans blanked out. */
function prose(markdown: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let inFence = false;
  markdown.split("\n").forEach((text, i) => {
    if (FENCE.test(text)) inFence = !inFence;
    else if (!inFence) out.push({ line: i + 1, text: text.replace(/`[^`]*`/g, (span) => " ".repeat(span.length)) });
  });
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

/** Every anchor a Markdown file's headings give, a repeated heading numbered as GitHub does. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (FENCE.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1] ?? "");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** The links of a Markdown file that stay inside the repository (images included). */
export function relativeLinks(markdown: string): Link[] {
  return prose(markdown).flatMap(({ line, text }) =>
    [...text.matchAll(LINK)].map((m) => ({ line, target: m[1] ?? "" })).filter((link) => !EXTERNAL.test(link.target)),
  );
}

/**
 * The links of `files` (repository-relative path → text) that reach nothing, as `file:line: target`.
 * `read` gives another file's text, or null when no such file or folder exists (a folder: "").
 */
export function brokenLinks(files: ReadonlyMap<string, string>, read: (path: string) => string | null): string[] {
  const broken: string[] = [];
  for (const [path, text] of files) {
    for (const { line, target } of relativeLinks(text)) {
      const [file = "", fragment] = target.split("#", 2);
      const resolved = file === "" ? path : normalize(join(dirname(path), decodeURIComponent(file)));
      const content = files.get(resolved) ?? read(resolved);
      const reason =
        content === null || resolved.startsWith("..") ? "no such file"
        : fragment !== undefined && resolved.endsWith(".md") && !anchors(content).has(decodeURIComponent(fragment)) ? `no heading #${fragment} in ${resolved}`
        : null;
      if (reason) broken.push(`${path}:${line}: ${target} (${reason})`);
    }
  }
  return broken;
}
