/** A Writable that keeps what is written and lets a test wait for a line matching a pattern (the demo's own). */
export { OutputLog as CapturedOutput } from '../../src/local/demo/children.js';
