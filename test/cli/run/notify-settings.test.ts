import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../../config/load.js';
import { parseConfig } from '../../../config/parse.js';
import { runSettings } from '../../../cli/run/run-settings.js';
import type { TandemError } from '../../../errors/tandem-error.js';

/** Only `notify` is looked at here; the models do not matter. */
function notifyFrom(yaml: string, flags: string[] = []) {
  const parsed = parseConfig(yaml, 'tandem.yaml').config;
  const config: ResolvedConfig = { ...parsed, roles: {} as ResolvedConfig['roles'], configFile: undefined };
  return runSettings(config, { notify: flags }, 30).notify;
}

describe('notification settings: tandem.yaml, then --notify', () => {
  it('none unless asked for', () => {
    expect(notifyFrom('')).toBeUndefined();
    expect(notifyFrom('notify: { desktop: false }')).toBeUndefined();
  });

  it('notify: <url> is short for a webhook; the format stays as written', () => {
    expect(notifyFrom('notify: https://example.com/hook')).toEqual({ webhook: 'https://example.com/hook', desktop: false });
    expect(notifyFrom('notify: { webhook: "https://example.com/hook", format: slack, desktop: true }')).toEqual({
      webhook: 'https://example.com/hook',
      format: 'slack',
      desktop: true,
    });
  });

  it("--notify's URL replaces the file's webhook (and its format); desktop adds the desktop", () => {
    const file = 'notify: { webhook: "https://example.com/a", format: slack }';
    expect(notifyFrom(file, ['https://example.com/b'])).toEqual({ webhook: 'https://example.com/b', desktop: false });
    expect(notifyFrom(file, ['desktop'])).toEqual({ webhook: 'https://example.com/a', format: 'slack', desktop: true });
    expect(notifyFrom('', ['desktop'])).toEqual({ desktop: true });
  });

  it('anything else is a usage error that does not echo a URL-like value', () => {
    let error: TandemError | undefined;
    try {
      notifyFrom('', ['hooks.slack.com/services/T0/B0/s3cr3t-token']);
    } catch (caught) {
      error = caught as TandemError;
    }
    expect(error).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(error!.message).not.toContain('s3cr3t-token');
  });

  it('tandem.yaml refuses a webhook that is not http(s)', () => {
    expect(() => parseConfig('notify: { webhook: "ftp://example.com/x" }', 'tandem.yaml')).toThrow(/notify\.webhook: expected an http\(s\) webhook URL/);
  });
});
