// Builds the Node command line (cli/main.ts) into one ESM file with Vite's SSR mode, so the engine
// code runs in Node exactly as bundled for the worker (tfjs's ESM sources use directory imports
// that Node's own loader rejects). `webgpu` (a native addon) stays external.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

/** QuickJS's Emscripten glue reads its .wasm beside the bundled chunk (dist-cli/assets/). */
function copyQuickJsWasm(): Plugin {
  return {
    name: 'copy-quickjs-wasm',
    closeBundle() {
      const require = createRequire(import.meta.url);
      const wasm = require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
      mkdirSync('dist-cli/assets', { recursive: true });
      copyFileSync(wasm, 'dist-cli/assets/emscripten-module.wasm');
    },
  };
}

export default defineConfig({
  plugins: [copyQuickJsWasm()],
  build: {
    // The CLI, and the sandbox's worker-thread entry (workers/sandbox/node.ts starts it beside main.js).
    ssr: true,
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: { main: 'cli/main.ts', 'node-worker': 'workers/sandbox/node-worker.ts' },
      external: ['webgpu'],
      output: {
        entryFileNames: '[name].js',
        // tfjs-wasm's Emscripten glue expects CommonJS's __dirname and require in Node.
        banner: [
          "import { createRequire as __cliCreateRequire } from 'node:module';",
          "import { fileURLToPath as __cliFileURLToPath } from 'node:url';",
          'const require = __cliCreateRequire(import.meta.url);',
          'const __filename = __cliFileURLToPath(import.meta.url);',
          "const __dirname = __filename.replace(/[\\/][^\\/]*$/, '');",
        ].join('\n'),
      },
    },
  },
  ssr: { noExternal: true, external: ['webgpu'] },
  publicDir: false,
  logLevel: 'warn',
});
