// The study (issue 14): presets of the paper's design, their expansion into ordered arms, budgets,
// and the aggregation of the arms' evaluation reports into the paper's tables.
export * from './types';
export { CELLS } from './cells';
export {
  CODE_STEPS_RATIO,
  RUN_ORDER,
  armId,
  cellEvals,
  cellRecipe,
  expandStudy,
  orderProblems,
  parentCell,
  pretrainSteps,
  studyArm,
} from './expand';
export { STUDY_PRESETS, STUDY_PRESET_IDS } from './presets';
export { estimateStudy, tokensPerCell } from './budget';
export { evalRequests, mergeReports } from './eval-plan';
export { METRICS, METRIC_IDS, metricChance, metricValue } from './metrics';
export type { MetricDef, MetricId } from './metrics';
export { TABLES } from './tables';
export type { TableColumn, TableSpec } from './tables';
export { aggregateStudy, buildTable, stat } from './aggregate';
export type {
  ArmLine,
  ArmResult,
  FigureBar,
  Stat,
  StudyFigure,
  StudyReport,
  StudyTable,
  TableCell,
  TableRow,
} from './aggregate';
export { formatDiff, formatStat, reportCsv, reportMarkdown } from './render';
export { presetPlanMarkdown } from './plan';
