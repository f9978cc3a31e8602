// The run history's pure side: the record, its series, the run file, share links and comparisons.
export * from './types';
export * from './series';
export * from './record';
export * from './file';
export * from './link';
export * from './diff';
export * from './compare';
export { bytesToBase64, base64ToBytes, bytesToBase64url, base64urlToBytes } from './base64';
