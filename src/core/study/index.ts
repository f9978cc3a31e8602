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
