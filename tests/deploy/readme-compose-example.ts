// The documented first request against the compose stack: the ```sh block after the
// `<!-- compose-example -->` marker (docs/deploy.md, Deploy), which the compose smoke test runs as
// pasted.

export const COMPOSE_EXAMPLE_DOC = "docs/deploy.md";

export function composeExample(doc: string): string {
  const block = /<!-- compose-example -->\n```sh\n([\s\S]*?)\n```/.exec(doc)?.[1];
  if (!block) throw new Error(`${COMPOSE_EXAMPLE_DOC} has no \`\`\`sh block after <!-- compose-example -->`);
  return block;
}
