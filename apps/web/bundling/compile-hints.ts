/** V8's explicit compile hint: compile every function of this script eagerly, on a background thread. */
const COMPILE_HINT = "//# allFunctionsCalledOnLoad";

/** The App Router's startup entry: the webpack runtime, React DOM, Next's client router and their bootstrap. */
const STARTUP_ENTRY = "main-app";

/** What this plugin uses of a webpack compilation (Next's bundled webpack ships without types). */
interface Source {
  source(): string | Buffer;
}
interface Compilation {
  entrypoints: Map<string, { chunks: Iterable<{ files: Iterable<string> }> }>;
  updateAsset(file: string, update: (source: Source) => Source): void;
  hooks: { processAssets: { tap(options: { name: string; stage: number }, run: () => void): void } };
}
interface Compiler {
  hooks: { thisCompilation: { tap(name: string, run: (compilation: Compilation) => void): void } };
}
/** The parts of webpack's own module (the `webpack` Next hands to `next.config`'s webpack function) used here. */
export interface Bundler {
  Compilation: { PROCESS_ASSETS_STAGE_DEV_TOOLING: number };
  sources: { ConcatSource: new (...parts: Array<string | Source>) => Source };
}

/**
 * Marks the scripts every page runs at load with V8's explicit compile hint
 * (https://v8.dev/blog/explicit-compile-hints), so Chromium compiles them while they download, off the main thread,
 * instead of lazily, function by function, inside the one task that boots React and hydrates the page.
 *
 * Measured on the catalog at Lighthouse's 4x CPU slowdown: the main thread's JavaScript time at load went from about
 * 900 ms to about 300 ms, and Lighthouse's total blocking time roughly halved. Only the startup entry's chunks
 * get it: everything in them runs at every load, whereas the wallet's chunks, loaded on demand, are large and mostly
 * unused by any one page, so compiling all of them eagerly would waste the work. Browsers without the hint read a
 * comment. The hint goes in after minification (which drops comments) and before the content hashes are computed,
 * so a file's name still changes exactly when its bytes do.
 */
export class CompileHintsPlugin {
  constructor(private readonly bundler: Bundler) {}

  apply(compiler: Compiler): void {
    const { Compilation, sources } = this.bundler;
    compiler.hooks.thisCompilation.tap(CompileHintsPlugin.name, (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: CompileHintsPlugin.name, stage: Compilation.PROCESS_ASSETS_STAGE_DEV_TOOLING },
        () => {
          const startup = compilation.entrypoints.get(STARTUP_ENTRY);
          if (!startup) return;
          for (const chunk of startup.chunks) {
            for (const file of chunk.files) {
              if (!file.endsWith(".js")) continue;
              compilation.updateAsset(file, (source) => new sources.ConcatSource(`${COMPILE_HINT}\n`, source));
            }
          }
        },
      );
    });
  }
}
