/**
 * The two protocol-faithful fakes most integration tests use together: an
 * OpenAI one and an Anthropic one, plus the environment that points the real
 * SDKs at them (with recognisable dummy keys that must never leak).
 */
import { startFakeAnthropic, startFakeOpenAI, type FakeServer, type ScriptFn } from '../fakes/index.js';

export const TEST_OPENAI_KEY = 'sk-test-openai-0123456789abcdef';
export const TEST_ANTHROPIC_KEY = 'sk-ant-test-0123456789abcdef';

export interface ModelFakes {
  openai: FakeServer;
  anthropic: FakeServer;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startModelFakes(openaiScript: ScriptFn, anthropicScript: ScriptFn): Promise<ModelFakes> {
  const openai = await startFakeOpenAI({ script: openaiScript });
  const anthropic = await startFakeAnthropic({ script: anthropicScript });
  return {
    openai,
    anthropic,
    env: {
      OPENAI_API_KEY: TEST_OPENAI_KEY,
      OPENAI_BASE_URL: openai.url,
      ANTHROPIC_API_KEY: TEST_ANTHROPIC_KEY,
      ANTHROPIC_BASE_URL: anthropic.url,
      // A killed worker's in-flight activity is retried by the next worker within seconds.
      TANDEM_HEARTBEAT_SECONDS: '2',
      TANDEM_STICKY_SECONDS: '2',
      // A lanes run's call keepers (docs/call-keeper.md) exit soon after the test's last call, not a minute later.
      TANDEM_KEEPER_IDLE_SECONDS: '2',
    },
    close: async () => {
      await openai.close();
      await anthropic.close();
    },
  };
}
