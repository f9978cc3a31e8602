// The engine boundary in one import: `import type { EngineApi } from '../contract'`.
export type * from './api';
export type * from './backend';
export type * from './events';
export { BACKEND_CHOICES } from './backend';
export { describeEngineEvent } from './events';
export type * from './study';
