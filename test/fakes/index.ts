/** Fake model servers for tests: real HTTP on 127.0.0.1, scripted, loud when the script runs out. */
export { startFakeOpenAI, type FakeOpenAIOptions } from './openai-server.js';
export { startFakeAnthropic, type FakeAnthropicOptions } from './anthropic-server.js';
export type { FakeServer } from './http-fake.js';
export type { FakeReply, FakeToolCall, FakeError, RecordedRequest, Script, ScriptFn } from './script.js';
