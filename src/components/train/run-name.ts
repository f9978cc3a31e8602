// Default run names: the recipe's name made safe as a checkpoint name (letters, digits, ".", "_",
// "-"), then "-1", "-2"… — the first one no run or checkpoint already has. Each run started from the
// Train page gets its own name, so two runs of one recipe never share a checkpoint in the history.
const MAX = 100;

/** `name` as a checkpoint name: other characters become "-", it starts with a letter or digit. */
export function checkpointSafe(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, MAX - 8);
  return safe || 'run';
}

/** `<recipe name>-<n>` for the smallest n ≥ 1 not in `taken` (run names and checkpoint names). */
export function uniqueRunName(recipeName: string, taken: Iterable<string>): string {
  const base = checkpointSafe(recipeName);
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}
