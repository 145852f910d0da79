// The README's first request against the compose stack: the ```sh block after the
// `<!-- compose-example -->` marker (Deploy), which the compose smoke test runs as pasted.

export function composeExample(readme: string): string {
  const block = /<!-- compose-example -->\n```sh\n([\s\S]*?)\n```/.exec(readme)?.[1];
  if (!block) throw new Error("README.md has no ```sh block after <!-- compose-example -->");
  return block;
}
