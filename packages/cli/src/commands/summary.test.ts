import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cases, kerasFixtures, kfn, tfjsFixtures } from '../testing/helpers.js';
import { readFileSync } from 'node:fs';

const golden = (name: string, file: string): string => readFileSync(path.join(kerasFixtures, name, file), 'utf8');

describe('kfn summary', () => {
  for (const name of cases(kerasFixtures, 'summary.txt')) {
    it(`${name}/model.keras prints ${name}/summary.txt byte for byte`, async () => {
      const run = await kfn('summary', path.join(kerasFixtures, name, 'model.keras'));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n')).toEqual(golden(name, 'summary.txt').split('\n'));
      expect(run.stdout).toBe(golden(name, 'summary.txt'));
    });
  }

  for (const name of cases(kerasFixtures, 'summary_expand_nested.txt')) {
    it(`${name} --expand-nested --show-trainable prints summary_expand_nested.txt`, async () => {
      const run = await kfn('summary', path.join(kerasFixtures, name, 'model.keras'), '--expand-nested', '--show-trainable');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(golden(name, 'summary_expand_nested.txt'));
    });
  }

  it('compiled_mlp: the restored RMSprop state gives the "Optimizer params" line, as Keras', async () => {
    const run = await kfn('summary', path.join(kerasFixtures, 'compiled_mlp', 'model.keras'));
    expect(run.stdout).toContain(' Optimizer params: 55,052 (215.05 KB)\n');
  });

  it('--classic prints the tf.keras 2 layout', async () => {
    const run = await kfn('summary', '--classic', path.join(kerasFixtures, 'mnist_mlp', 'model.keras'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Model: "mnist_model"');
    expect(run.stdout).toMatch(/^={20,}$/m);
    expect(run.stdout).toContain('Total params: 55,050');
  });

  for (const name of cases(tfjsFixtures, 'model.json')) {
    it(`reads the tfjs layers-model ${name}/model.json`, async () => {
      const run = await kfn('summary', path.join(tfjsFixtures, name, 'model.json'));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Model: "/);
      expect(run.stdout).toMatch(/ Total params: [\d,]+ /);
    });
  }

  it('a missing file: exit 1, naming the file', async () => {
    const run = await kfn('summary', 'no/such/model.keras');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('kfn summary: file "no/such/model.keras": no such file.\n');
    expect(run.stdout).toBe('');
  });

  it('a file that is not a model: exit 1, no stack trace', async () => {
    const run = await kfn('summary', path.join(kerasFixtures, 'mnist_mlp', 'summary.txt'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kfn summary: .*summary\.txt.*\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('bad usage: exit 2', async () => {
    expect((await kfn('summary')).code).toBe(2);
    const run = await kfn('summary', 'a.keras', '--bogus');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--bogus'");
    expect(run.stderr).toContain('Run "kfn summary --help" for usage.');
  });
});
