import { describe, expect, it } from 'vitest';
import { desktopCommand } from '../../notify/desktop.js';

describe('the desktop notification command', () => {
  it('is notify-send on Linux, with title and body as separate arguments (no shell)', () => {
    expect(desktopCommand('Tandem run failed', 'tandem logs TODO.md T3', 'linux')).toEqual([
      'notify-send',
      ['--app-name=Tandem', 'Tandem run failed', 'tandem logs TODO.md T3'],
    ]);
  });

  it('is osascript on macOS, with quotes in the text escaped so they cannot end the AppleScript string', () => {
    const [command, args] = desktopCommand('Tandem "paused"', 'a \\ b', 'darwin')!;
    expect(command).toBe('osascript');
    expect(args).toEqual(['-e', 'display notification "a \\\\ b" with title "Tandem \\"paused\\""']);
  });

  it('does not exist elsewhere', () => {
    expect(desktopCommand('t', 'b', 'win32')).toBeUndefined();
  });
});
