// Builds the Node command line (cli/main.ts) into one ESM file with Vite's SSR mode, so the engine
// code runs in Node exactly as bundled for the worker (tfjs's ESM sources use directory imports
// that Node's own loader rejects). `webgpu` (a native addon) stays external.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: 'cli/main.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      external: ['webgpu'],
      output: {
        entryFileNames: 'main.mjs',
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
  logLevel: 'warn',
});
