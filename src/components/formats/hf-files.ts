// What the Hugging Face import and export components do with files, kept out of the components so
// it is tested without a DOM: picked files (loose, from a folder, or one .tar) → the directory's
// files by name; a checkpoint name suggested from them; the archive and file names of a download.
import { HF_FILE_NAMES } from '../../core/hf/errors';
import { readTar, writeTar } from '../../core/hf/tar';
import { isValidName } from '../../core/checkpoint/store-util';

export interface PickedBytes {
  /** The file's name, or its path inside a picked folder (webkitRelativePath). */
  path: string;
  bytes: Uint8Array;
}

export interface CollectedHf {
  files: Record<string, Uint8Array>;
  /** Picked files that are not part of a GPT-2 directory (e.g. README.md, vocab.json). */
  ignored: string[];
  /** The folder or archive name the files came from, if any. */
  folder: string | null;
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const dirName = (path: string): string | null => {
  const parts = path.split('/').filter(Boolean);
  return parts.length > 1 ? parts[parts.length - 2] : null;
};

/** The directory's files from what the user picked; a .tar is unpacked (its folder kept as `folder`). */
export function collectHfFiles(picked: PickedBytes[]): CollectedHf {
  const files: Record<string, Uint8Array> = {};
  const ignored: string[] = [];
  let folder: string | null = null;
  const take = (path: string, bytes: Uint8Array) => {
    const name = baseName(path);
    if (HF_FILE_NAMES.includes(name)) {
      files[name] = bytes;
      folder ??= dirName(path);
    } else if (name) ignored.push(path);
  };
  for (const p of picked) {
    if (p.path.toLowerCase().endsWith('.tar')) {
      folder ??= baseName(p.path).slice(0, -4);
      for (const [path, bytes] of readTar(p.bytes)) take(path, bytes);
    } else take(p.path, p.bytes);
  }
  return { files, ignored, folder };
}

/** A valid checkpoint name from a folder name (letters, digits, `.`, `_`, `-`), or a default. */
export function suggestCheckpointName(folder: string | null): string {
  const cleaned = (folder ?? '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 100);
  return cleaned && isValidName(cleaned) ? cleaned : 'imported-gpt2';
}

/** The export as one archive: `<checkpoint>-hf/<file>` for each file (tar -xf gives the folder). */
export function hfArchive(
  checkpoint: string,
  files: Record<string, Uint8Array>,
): { fileName: string; bytes: Uint8Array } {
  const folder = `${checkpoint}-hf`;
  const ordered = HF_FILE_NAMES.filter((n) => n in files).map((n): [string, Uint8Array] => [
    `${folder}/${n}`,
    files[n],
  ]);
  return { fileName: `${folder}.tar`, bytes: writeTar(ordered) };
}
