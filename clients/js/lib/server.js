// A random model ends an answer at once now and then (its end-of-text token is one of 512): the tests that expect
// text ask for temperature 0, whose first token is fixed by the prompt.
//
// Starts `modelscale serve` on a loopback port over a model of its own: synth-gguf's "test-tiny" (random weights,
// ModelScale's byte-level vocabulary, a few hundred thousand parameters), written once into .cache/. Nothing from
// ../shared and nothing from the user's own catalog, models or sessions is used: the server gets a private catalog,
// data folder and home.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODEL = 'test-tiny';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..', '..');
const configuration = process.env.MODELSCALE_CONFIGURATION ?? 'Debug';
const modelscale = join(root, 'src', 'ChatHost', 'bin', configuration, 'net10.0', 'modelscale.dll');
const synth = join(root, 'tools', 'SynthGguf', 'bin', configuration, 'net10.0', 'synth-gguf.dll');
const cache = resolve(here, '..', '.cache');

function built(dll, project) {
  if (!existsSync(dll)) {
    execFileSync('dotnet', ['build', join(root, project), '-c', configuration, '-v', 'q'], { stdio: 'inherit' });
  }
  return dll;
}

function model() {
  const file = join(cache, `${MODEL}.gguf`);
  if (!existsSync(file)) {
    mkdirSync(cache, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    execFileSync('dotnet', [built(synth, 'tools/SynthGguf'), '--shape', 'test-tiny', '--seed', '7', '--out', partial], { stdio: 'ignore' });
    renameSync(partial, file);
  }
  return file;
}

/** Starts a server; resolves to { baseURL, stop() } once it listens. */
export async function startServer() {
  const dll = built(modelscale, 'src/ChatHost');
  const scratch = mkdtempSync(join(tmpdir(), 'modelscale-js-'));
  const catalog = join(scratch, 'catalog.json');
  writeFileSync(catalog, JSON.stringify({
    version: 1,
    profiles: [{ id: MODEL, displayName: 'test-tiny (random weights)', path: model(), contextLength: 4096 }],
  }));
  const child = spawn('dotnet', [
    dll, 'serve',
    '--catalog', catalog,
    '--models-dir', join(scratch, 'models'),
    '--data-dir', join(scratch, 'data'),
    '--urls', 'http://127.0.0.1:0',
    '--max-tokens-limit', '400',
    '--threads', '2',
  ], {
    env: { ...process.env, XDG_CONFIG_HOME: join(scratch, 'config'), XDG_DATA_HOME: join(scratch, 'share'), HOME: scratch, DOTNET_NOLOGO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((done) => child.on('exit', done));

  const baseURL = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`modelscale serve did not start in 60 s:\n${output}`)), 60_000);
    const look = () => {
      const found = /listening on (http:\/\/[^\s;,]+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        ok(`${found[1]}/v1`);
      }
    };
    child.stdout.on('data', look);
    exited.then((code) => { clearTimeout(timer); fail(new Error(`modelscale serve exited with ${code}:\n${output}`)); });
  });

  return {
    baseURL,
    log: () => output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
