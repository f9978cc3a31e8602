// The PyTorch study download: the engine's exportTorchStudy files (by relative path) as one .tar
// whose single folder is the study (`tar -xf` then `torchrun … <folder>/train.py`). Kept out of the
// component so it is tested without a DOM.
import { writeTar } from '../../core/hf/tar';

/** The folder name of a recipe's study (safe characters, short enough for tar's 100-byte names). */
export function torchStudyFolder(recipeName: string): string {
  const safe = recipeName
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+|-+$/g, '')
    .slice(0, 40);
  return `${safe || 'study'}-torch`;
}

/** The study as one archive, files in path order under `<folder>/`. */
export function torchStudyArchive(
  recipeName: string,
  files: Record<string, Uint8Array>,
): { fileName: string; bytes: Uint8Array } {
  const folder = torchStudyFolder(recipeName);
  const entries = Object.keys(files)
    .sort()
    .map((path): [string, Uint8Array] => [`${folder}/${path}`, files[path]]);
  return { fileName: `${folder}.tar`, bytes: writeTar(entries) };
}
