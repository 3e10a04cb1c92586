import { describe, expect, it } from 'vitest';
import {
  codecEndpointSetting,
  debugEnabled,
  demoScriptSetting,
  devServerPortSetting,
  devServerStartTimeoutMsSetting,
  devServerUiPortSetting,
  encryptionKeySetting,
  heartbeatSecondsSetting,
  isTandemVariableSet,
  modelTimeoutSecondsSetting,
  setTandemVariable,
  tandemHomeSetting,
  taskQueueSetting,
  temporalBinSetting,
} from '../../settings/environment.js';

describe('settings/environment', () => {
  it('reads path and name settings trimmed, and treats blank as unset', () => {
    const env = { TANDEM_HOME: ' /srv/tandem ', TANDEM_TEMPORAL_BIN: '/opt/temporal', TANDEM_TASK_QUEUE: '   ' };
    expect(tandemHomeSetting(env)).toBe('/srv/tandem');
    expect(temporalBinSetting(env)).toBe('/opt/temporal');
    expect(taskQueueSetting(env)).toBeUndefined();
    expect(taskQueueSetting({ TANDEM_TASK_QUEUE: 'q1' })).toBe('q1');
    expect(isTandemVariableSet('TANDEM_TASK_QUEUE', env)).toBe(false);
    expect(isTandemVariableSet('TANDEM_HOME', env)).toBe(true);
  });

  it('parses ports, and a value that is not a port is an INVALID_PORT error naming the variable', () => {
    expect(devServerPortSetting({ TANDEM_TEMPORAL_PORT: '7300' })).toBe(7300);
    expect(devServerUiPortSetting({})).toBeUndefined();
    expect(() => devServerUiPortSetting({ TANDEM_TEMPORAL_UI_PORT: '70000' })).toThrow(
      expect.objectContaining({ code: 'INVALID_PORT', message: expect.stringContaining('TANDEM_TEMPORAL_UI_PORT') }),
    );
  });

  it('ignores numbers that are not positive, so the caller\'s default applies', () => {
    expect(heartbeatSecondsSetting({ TANDEM_HEARTBEAT_SECONDS: '2' })).toBe(2);
    expect(heartbeatSecondsSetting({ TANDEM_HEARTBEAT_SECONDS: '0' })).toBeUndefined();
    expect(modelTimeoutSecondsSetting({ TANDEM_MODEL_TIMEOUT_SECONDS: '1.5' })).toBe(1.5);
    expect(modelTimeoutSecondsSetting({ TANDEM_MODEL_TIMEOUT_SECONDS: 'soon' })).toBeUndefined();
    expect(devServerStartTimeoutMsSetting({ TANDEM_TEMPORAL_START_TIMEOUT_MS: '45000' })).toBe(45_000);
    expect(devServerStartTimeoutMsSetting({ TANDEM_TEMPORAL_START_TIMEOUT_MS: '1.5' })).toBeUndefined();
  });

  it('turns debug on only for 1', () => {
    expect(debugEnabled({ TANDEM_DEBUG: '1' })).toBe(true);
    expect(debugEnabled({ TANDEM_DEBUG: 'true' })).toBe(false);
    expect(debugEnabled({})).toBe(false);
  });

  it('keeps an encryption passphrase exactly as set, and a blank one counts as unset', () => {
    expect(encryptionKeySetting({ TANDEM_ENCRYPTION_KEY: ' a passphrase with spaces ' })).toBe(' a passphrase with spaces ');
    expect(encryptionKeySetting({ TANDEM_ENCRYPTION_KEY: '  ' })).toBeUndefined();
  });

  it('accepts an http(s) codec endpoint and rejects anything else with CODEC_ENDPOINT_INVALID', () => {
    expect(codecEndpointSetting({ TANDEM_CODEC_ENDPOINT: ' http://127.0.0.1:8888 ' })).toBe('http://127.0.0.1:8888');
    expect(codecEndpointSetting({})).toBeUndefined();
    expect(() => codecEndpointSetting({ TANDEM_CODEC_ENDPOINT: 'ftp://x' })).toThrow(expect.objectContaining({ code: 'CODEC_ENDPOINT_INVALID' }));
  });

  it('sets a variable in the given environment, where its accessor then finds it', () => {
    const env: NodeJS.ProcessEnv = {};
    setTandemVariable('TANDEM_DEMO_SCRIPT', '/examples/slugify.demo.json', env);
    expect(demoScriptSetting(env)).toBe('/examples/slugify.demo.json');
  });
});
