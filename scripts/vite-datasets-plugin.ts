// A Vite plugin that makes the data the engine reads — the built corpora (datasets/generated) and
// the frozen evaluation sets (datasets/eval) — reachable by the worker at `<base>datasets/…`:
// served from disk by the dev and preview servers, and copied into the static build. The files
// stay out of public/ so a rebuilt corpus needs no second copy in git.
import { cpSync, createReadStream, existsSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';

const DATASETS = resolve('datasets');
/** The parts of datasets/ the browser needs. */
const SERVED = ['generated', 'eval'];

function serveDatasets(): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = (req.url ?? '').split('?')[0];
    const match = /^\/(?:.*\/)?datasets\/(.+)$/.exec(url);
    if (!match) return next();
    const file = normalize(join(DATASETS, decodeURIComponent(match[1])));
    const allowed = SERVED.some((dir) => file.startsWith(join(DATASETS, dir) + sep));
    if (!allowed || !existsSync(file) || !statSync(file).isFile()) return next();
    res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'text/plain; charset=utf-8');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    createReadStream(file).pipe(res);
  };
}

export function datasetsPlugin(): Plugin {
  let outDir = 'dist';
  return {
    name: 'codemix-datasets',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(serveDatasets());
    },
    configurePreviewServer(server) {
      server.middlewares.use(serveDatasets());
    },
    closeBundle() {
      if (!existsSync(outDir)) return;
      for (const dir of SERVED) {
        const from = join(DATASETS, dir);
        if (existsSync(from)) cpSync(from, join(outDir, 'datasets', dir), { recursive: true });
      }
    },
  };
}
