import type { Command } from 'commander';
import { EXIT, TandemError } from '../../errors/tandem-error.js';
import { parsePort } from '../../settings/port.js';

interface CodecServerFlags {
  port: string;
  host: string;
  uiOrigin: string;
}

/** `tandem codec-server`: decrypts payloads for Temporal's Web UI and CLI, with TANDEM_ENCRYPTION_KEY. */
export function registerCodecServerCommand(program: Command): void {
  program
    .command('codec-server')
    .description('serve /encode and /decode with TANDEM_ENCRYPTION_KEY, so the Temporal UI can show encrypted runs (until Ctrl-C)')
    .addHelpText('after', '\nExamples:\n  TANDEM_ENCRYPTION_KEY=... tandem codec-server\n  tandem codec-server --port 8888 --ui-origin https://temporal-ui.example.com\n')
    .option('--port <port>', 'port to listen on', '8888')
    .option('--host <host>', 'interface to listen on; anyone who can reach it can decrypt', '127.0.0.1')
    .option('--ui-origin <urls>', 'comma-separated Web UI origins allowed to call it', 'http://127.0.0.1:8233,http://localhost:8233')
    .action(async (flags: CodecServerFlags) => {
      const port = parsePort(flags.port, '--port')!;
      const [{ encryptionCodecFromEnv }, { startCodecServer }] = await Promise.all([
        import('../../temporal/data-converter.js'),
        import('../../temporal/codec-server.js'),
      ]);
      const codec = encryptionCodecFromEnv(process.env);
      if (!codec) {
        throw new TandemError('TANDEM_ENCRYPTION_KEY is not set, so there is nothing to decode with.', {
          code: 'ENCRYPTION_KEY_MISSING',
          hint: 'Start it with the key your workers use: `TANDEM_ENCRYPTION_KEY=... tandem codec-server`.',
          context: { setting: 'TANDEM_ENCRYPTION_KEY' },
        });
      }
      const uiOrigins = flags.uiOrigin.split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter(Boolean);
      const server = await listen(() => startCodecServer({ codec, port, host: flags.host, uiOrigins }), port);
      process.stdout.write(
        `tandem codec server listening on ${server.url} (origins: ${uiOrigins.join(', ')})\n` +
          `  Web UI: \`tandem server start --codec-endpoint ${server.url}\`, or the UI's "Configure data encoder"\n` +
          `  CLI:    \`temporal workflow show --codec-endpoint ${server.url} ...\`\n` +
          '  press Ctrl-C to stop\n',
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });
}

async function listen<T>(start: () => Promise<T>, port: number): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw new TandemError(`The codec server could not listen on port ${port}: ${error instanceof Error ? error.message : String(error)}.`, {
      code: 'CODEC_SERVER_LISTEN_FAILED',
      exitCode: EXIT.infrastructure,
      hint: 'Choose another port with --port (and point the UI at it).',
      context: { port },
      cause: error,
    });
  }
}
