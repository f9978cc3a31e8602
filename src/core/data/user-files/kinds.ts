// Text or code? Decided by the file's extension (a table), a few well-known file names (Makefile,
// Dockerfile…), and a `#!` first line; anything else trains as text, with a note saying so, and
// the user can override it. Pure: looks only at the name and the first line.
import type { UserFileKind } from './types';

/** Extensions of source files: programming languages, shell, SQL, markup and stylesheets, config. */
const CODE_EXTENSIONS = [
  // JavaScript and TypeScript, and the frameworks' single-file components
  ...['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'svelte', 'vue', 'astro'],
  // Python
  ...['py', 'pyw', 'pyi', 'ipy'],
  // C family and systems languages
  ...['c', 'h', 'cc', 'cpp', 'cxx', 'c++', 'hpp', 'hh', 'hxx', 'inl', 'm', 'mm', 'cu', 'cuh'],
  ...['rs', 'go', 'zig', 'nim', 'd', 'v', 'odin'],
  // JVM and .NET
  ...['java', 'kt', 'kts', 'scala', 'sc', 'groovy', 'gradle', 'clj', 'cljs', 'cljc', 'edn'],
  ...['cs', 'fs', 'fsx', 'fsi', 'vb'],
  // scripting languages
  ...['rb', 'php', 'pl', 'pm', 't', 'lua', 'r', 'jl', 'tcl', 'awk', 'sed', 'raku'],
  ...['sh', 'bash', 'zsh', 'fish', 'ksh', 'ps1', 'psm1', 'bat', 'cmd'],
  // functional and other languages
  ...['hs', 'lhs', 'ml', 'mli', 'elm', 'ex', 'exs', 'erl', 'hrl', 'lisp', 'cl', 'el', 'scm', 'rkt'],
  ...['swift', 'dart', 'sol', 'pas', 'f', 'f90', 'f95', 'for', 'cob', 'ada', 'adb', 'ads', 'pro'],
  ...['asm', 's', 'wat', 'glsl', 'wgsl', 'hlsl', 'vert', 'frag', 'proto', 'thrift', 'graphql', 'gql'],
  // queries, markup, styles and configuration written as code
  ...['sql', 'html', 'htm', 'xhtml', 'css', 'scss', 'sass', 'less', 'styl', 'svg', 'xml', 'xsl'],
  ...['json', 'jsonc', 'json5', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'cmake', 'mk', 'nix'],
  ...['ipynb', 'tf', 'hcl', 'dockerfile', 'diff', 'patch'],
];

/** Extensions of prose and plain data. */
const TEXT_EXTENSIONS = [
  ...['txt', 'text', 'md', 'markdown', 'mdx', 'rst', 'adoc', 'asciidoc', 'org', 'tex', 'bib', 'rtf'],
  ...['csv', 'tsv', 'log', 'srt', 'vtt', 'po', 'wiki', 'textile', 'pod', 'me', '1', 'man'],
];

/** Whole file names (lower-case) that are code whatever their extension. */
const CODE_FILE_NAMES = [
  'makefile',
  'gnumakefile',
  'dockerfile',
  'containerfile',
  'cmakelists.txt',
  'rakefile',
  'gemfile',
  'podfile',
  'vagrantfile',
  'justfile',
  'procfile',
  'jenkinsfile',
  '.bashrc',
  '.zshrc',
  '.profile',
  '.bash_profile',
  '.vimrc',
  '.editorconfig',
  '.gitignore',
  '.gitattributes',
  '.npmrc',
  '.prettierrc',
  '.eslintrc',
];
/** Whole file names that are prose. */
const TEXT_FILE_NAMES = ['readme', 'license', 'licence', 'copying', 'authors', 'changelog', 'notice', 'todo'];

export const KIND_BY_EXTENSION: ReadonlyMap<string, UserFileKind> = new Map([
  ...TEXT_EXTENSIONS.map((e) => [e, 'text'] as const),
  ...CODE_EXTENSIONS.map((e) => [e, 'code'] as const),
]);

export interface KindDecision {
  kind: UserFileKind;
  /** Said when the decision was not by a known extension or file name. */
  note?: string;
}

/** The last path segment of a name ("a/b/c.py" → "c.py"). */
export const baseName = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/** The extension, lower-case, without the dot ("" when there is none; ".bashrc" has none). */
export function extensionOf(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The kind for a file, from its name and (for unknown extensions) the start of its text. */
export function classifyKind(name: string, text = ''): KindDecision {
  const base = baseName(name).toLowerCase();
  if (CODE_FILE_NAMES.includes(base)) return { kind: 'code' };
  const ext = extensionOf(name);
  const known = KIND_BY_EXTENSION.get(ext);
  if (known) return { kind: known };
  if (TEXT_FILE_NAMES.includes(base.replace(/\.[^.]*$/, ''))) return { kind: 'text' };
  const firstLine = /^(?:\uFEFF)?#![^\n]*/.exec(text)?.[0];
  if (firstLine) {
    return { kind: 'code', note: `no known extension, but it starts with "${firstLine.slice(0, 40)}": code` };
  }
  const what = ext ? `unknown extension ".${ext}"` : 'no extension';
  return { kind: 'text', note: `${what}: kept as text (switch it to code if it is code)` };
}
