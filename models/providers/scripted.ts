/**
 * Tandem's in-process scripted model, for `tandem demo` and the benchmarks:
 * no network, no key, no cost. Its "base URL" is the path of a script.
 */
import { scriptedCall } from '../scripted.js';
import type { BuiltinProvider } from './descriptor.js';

export const scripted: BuiltinProvider = {
  name: 'scripted',
  kind: 'scripted',
  free: true,
  prices: {},
  createCall: scriptedCall,
};
