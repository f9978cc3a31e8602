// Files from the page's pickers and from a drop, with their paths: a folder (picked or dropped)
// gives every file under it, named by its path inside the folder's parent ("notes/a/b.txt").
// DOM only; the checks happen in the engine.
import type { PickedFile } from '../../state/data.svelte';

/** Files of an <input type="file"> (with `webkitdirectory`, each has its relative path). */
export function filesOfInput(input: HTMLInputElement): PickedFile[] {
  return [...(input.files ?? [])].map((file) => ({ name: file.webkitRelativePath || file.name, file }));
}

const fileOf = (entry: FileSystemFileEntry): Promise<File> =>
  new Promise((resolve, reject) => entry.file(resolve, reject));

/** All entries of a directory: readEntries() answers in batches until it answers with none. */
async function entriesOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    out.push({ name: entry.fullPath.replace(/^\//, ''), file: await fileOf(entry as FileSystemFileEntry) });
  } else if (entry.isDirectory) {
    for (const child of await entriesOf(entry as FileSystemDirectoryEntry)) await walk(child, out);
  }
}

/** Files of a drop, folders walked; browsers without entries give the plain file list. */
export async function filesOfDrop(data: DataTransfer): Promise<PickedFile[]> {
  // Entries must be taken synchronously, before the drop event's data is cleared.
  const entries = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((e) => e === null))
    return [...data.files].map((file) => ({ name: file.name, file }));
  const out: PickedFile[] = [];
  for (const entry of entries) await walk(entry as FileSystemEntry, out);
  return out;
}
