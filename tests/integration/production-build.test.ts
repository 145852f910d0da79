import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { keepModuleLocations } from "../../scripts/build/bundle.js";
import { isRuntimeFile, packageFolderOf } from "../../scripts/build/runtime-modules.js";

describe("bundled modules keep their own location", () => {
  it("resolves a path relative to a module as in the source tree, wherever the bundle is written", async () => {
    const project = mkdtempSync(join(tmpdir(), "bundle-location-"));
    mkdirSync(join(project, "schema"));
    mkdirSync(join(project, "services/reviews/src"), { recursive: true });
    writeFileSync(join(project, "schema/where.ts"), `export const schemaDir = new URL(".", import.meta.url).pathname;\n`);
    writeFileSync(
      join(project, "services/reviews/src/main.ts"),
      `import { schemaDir } from "../../../schema/where.js";\nconsole.log(JSON.stringify({ schemaDir, root: new URL("../../../", import.meta.url).pathname }));\n`,
    );
    const outdir = join(project, "dist");
    await build({ entryPoints: [join(project, "services/reviews/src/main.ts")], outdir, bundle: true, platform: "node", format: "esm", outExtension: { ".js": ".mjs" }, plugins: [keepModuleLocations(outdir)], logLevel: "silent" });

    const printed = JSON.parse(execFileSync(process.execPath, [join(outdir, "main.mjs")], { encoding: "utf8" })) as { schemaDir: string; root: string };
    expect(printed).toEqual({ schemaDir: `${join(project, "schema")}/`, root: `${project}/` });
  });

  it("refuses import.meta.dirname, which a bundle cannot keep", async () => {
    const project = mkdtempSync(join(tmpdir(), "bundle-location-"));
    writeFileSync(join(project, "main.ts"), `console.log(import.meta.dirname);\n`);
    const bundling = build({ entryPoints: [join(project, "main.ts")], outdir: join(project, "dist"), bundle: true, platform: "node", format: "esm", plugins: [keepModuleLocations(join(project, "dist"))], logLevel: "silent", write: false });
    await expect(bundling).rejects.toThrow(/use import\.meta\.url/);
  });
});

describe("runtime node_modules", () => {
  it("names the package folder a file belongs to, scoped and nested ones included", () => {
    expect(packageFolderOf("node_modules/onnxruntime-common/dist/cjs/index.js")).toBe("node_modules/onnxruntime-common");
    expect(packageFolderOf("node_modules/@scope/pkg/lib/a.js")).toBe("node_modules/@scope/pkg");
    expect(packageFolderOf("node_modules/a/node_modules/b/index.js")).toBe("node_modules/a/node_modules/b");
    expect(packageFolderOf("platform/src/config.ts")).toBeUndefined();
  });

  it("keeps prebuilt binaries for this platform only", () => {
    expect(isRuntimeFile("bin/napi-v6/linux/x64/libonnxruntime.so.1", false, "linux/x64")).toBe(true);
    expect(isRuntimeFile("bin/napi-v6/linux/arm64/libonnxruntime.so.1", false, "linux/x64")).toBe(false);
    expect(isRuntimeFile("bin/napi-v6/darwin/arm64/onnxruntime_binding.node", false, "linux/x64")).toBe(false);
    expect(isRuntimeFile("bin/napi-v6/win32/x64/DirectML.dll", false, "linux/x64")).toBe(false);
  });

  it("keeps only the compiled addon of a node-gyp build", () => {
    expect(isRuntimeFile("build/Release/better_sqlite3.node", true)).toBe(true);
    expect(isRuntimeFile("lib/database.js", true)).toBe(true);
    expect(isRuntimeFile("build/Release/test_extension.node", true)).toBe(false);
    expect(isRuntimeFile("build/Release/obj.target/better_sqlite3/src/better_sqlite3.o", true)).toBe(false);
    expect(isRuntimeFile("deps/sqlite3/sqlite3.c", true)).toBe(false);
    expect(isRuntimeFile("src/better_sqlite3.cpp", true)).toBe(false);
  });

  it("drops source maps, type declarations and docs", () => {
    expect(isRuntimeFile("graphiql.min.js.map", false)).toBe(false);
    expect(isRuntimeFile("dist/index.d.ts", false)).toBe(false);
    expect(isRuntimeFile("README.md", false)).toBe(false);
    expect(isRuntimeFile("graphiql.min.js", false)).toBe(true);
    expect(isRuntimeFile("LICENSE", false)).toBe(true);
  });
});
