import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './main.js';
import { kerasFixtures, kfn, repoRoot } from './testing/helpers.js';

describe('kfn (the tool)', () => {
  it('--help lists every command, exit 0', async () => {
    const run = await kfn('--help');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: kfn <command> \[options\]\n/);
    for (const name of ['summary', 'plot', 'convert', 'predict']) expect(run.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('every command has --help (and "kfn help <command>"), exit 0', async () => {
    for (const c of COMMANDS) {
      const run = await kfn(c.name, '--help');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${c.help}\n`);
      expect(run.stdout.startsWith(`Usage: kfn ${c.name} `)).toBe(true);
      expect((await kfn('help', c.name)).stdout).toBe(run.stdout);
    }
  });

  it('--version prints the package version', async () => {
    const run = await kfn('--version');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('no command, or an unknown one: exit 2 with usage on stderr', async () => {
    const none = await kfn();
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Usage: kfn <command>');
    const unknown = await kfn('train', 'model.keras');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('kfn: unknown command "train". The commands are: summary, plot, convert, predict.');
  });

  it('an option given a value it does not take: exit 2', async () => {
    const run = await kfn('summary', '--classic=yes', 'model.keras');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^kfn summary: .*--classic/);
  });
});

describe('the kfn binary (a real process)', () => {
  // The built binary, as npm installs it (`npm test` builds first). Running src/cli.ts with
  // tsx and the @kfn/source condition does not work in plain Node: tfjs-core's ESM gradients
  // are only importable through @kfn/backend-tfjs's bundled build.
  const bin = path.join(repoRoot, 'packages/cli/dist/cli.js');
  const run = (args: string[]) => promisify(execFile)(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8' });

  it('runs `kfn summary` and `kfn predict` with the right output and exit codes', async () => {
    expect(existsSync(bin), `${bin} is missing: build first (npx turbo run build)`).toBe(true);
    const { stdout, stderr } = await run(['summary', path.join(kerasFixtures, 'mnist_mlp', 'model.keras')]);
    expect(stderr).toBe('');
    expect(stdout).toBe(readFileSync(path.join(kerasFixtures, 'mnist_mlp', 'summary.txt'), 'utf8'));
    const failed = await run(['predict', 'missing.keras', 'input.json']).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toBe('kfn predict: input.json: no such file.\n');
    const usage = await run(['plot']).catch((e: { code: number }) => e);
    expect((usage as { code: number }).code).toBe(2);
  }, 60_000);
});
