/**
 * A desktop notification on the machine the worker runs on: notify-send on
 * Linux, osascript on macOS. Where neither exists (a server, CI) it is skipped:
 * a missing desktop is not a problem to report.
 */
import { execFile } from 'node:child_process';

export type DesktopResult = { shown: true } | { shown: false; skipped: string };

/** The command that would show `title`/`body` here, or undefined on a platform without one. */
export function desktopCommand(title: string, body: string, platform: NodeJS.Platform = process.platform): [string, string[]] | undefined {
  if (platform === 'darwin') {
    const quote = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;
    return ['osascript', ['-e', `display notification ${quote(body)} with title ${quote(title)}`]];
  }
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') return ['notify-send', ['--app-name=Tandem', title, body]];
  return undefined;
}

/** Shows the notification when the platform's tool is on PATH; never throws. */
export function showDesktopNotification(title: string, body: string): Promise<DesktopResult> {
  const command = desktopCommand(title, body);
  if (!command) return Promise.resolve({ shown: false, skipped: `no desktop notifications on ${process.platform}` });
  return new Promise((resolve) => {
    execFile(command[0], command[1], { timeout: 5000 }, (error) => {
      if (!error) return resolve({ shown: true });
      const code = (error as NodeJS.ErrnoException).code;
      resolve({ shown: false, skipped: code === 'ENOENT' ? `${command[0]} is not on PATH` : `${command[0]} failed: ${error.message}` });
    });
  });
}
