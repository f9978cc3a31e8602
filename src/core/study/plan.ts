// A preset's plan as Markdown: its cells with the token budget per arm, model size and what each
// starts from, and the expected wall time per backend with where the speeds come from
// (`cli reproduce <preset> --plan`, and the Study page can show the same).
import { CELLS } from './cells';
import { estimateStudy } from './budget';
import { expandStudy } from './expand';
import type { StudyPreset } from './types';

const minutes = (s: number) => (s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);

export function presetPlanMarkdown(preset: StudyPreset): string {
  const arms = expandStudy(preset).filter((a) => a.seed === preset.seeds[0]);
  const lines = [
    `## Preset \`${preset.id}\`: ${preset.label}`,
    '',
    preset.purpose,
    '',
    `Seeds ${preset.seeds.join(', ')} (${arms.length} cells × ${preset.seeds.length} = ${arms.length * preset.seeds.length} arms). Tokens are training tokens the arm runs itself; tuned arms start from their parent's final checkpoint.`,
    '',
    '| Cell | What | Params | Tokens per arm | Starts from |',
    '|---|---|---:|---:|---|',
    ...arms.map(
      (a) =>
        `| ${a.cell} | ${CELLS[a.cell].label} | ${a.params.toLocaleString('en-US')} | ${a.tokens.toLocaleString('en-US')} | ${a.initFrom ? a.initFrom.replace(/\.s\d+$/, '') : '—'} |`,
    ),
    '',
    '| Backend | Machine | Train | Evaluate | Set-up | Total | Speeds from |',
    '|---|---|---:|---:|---:|---:|---|',
    ...estimateStudy(preset).map(
      (e) =>
        `| ${e.backend} | ${e.machine} | ${minutes(e.trainSeconds)} | ${minutes(e.evalSeconds)} | ${minutes(e.overheadSeconds)} | **${minutes(e.totalSeconds)}** | ${e.source} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
