import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const COMMANDS = ['run', 'resume', 'status', 'plan', 'graph', 'validate', 'report', 'emulator'];

describe('brickwork commands without a workspace', () => {
  it('explains itself: --help for every command, exit 2 for usage errors', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const name of COMMANDS) expect(top.stdout).toContain(`  ${name} `);
    const helps = await Promise.all(COMMANDS.map((name) => cli([name, '--help'])));
    helps.forEach((help, i) => {
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`usage: brickwork ${COMMANDS[i]}`);
    });
    const none = await cli([]);
    expect(none.code).toBe(2);
    const unknown = await cli(['deploy']);
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, "brickwork: unknown command 'deploy'"]);
    const badOption = await cli(['validate', '--frobnicate', 'x.yml']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("Unknown option '--frobnicate'");
    const badParam = await cli(['validate', 'test/fixtures/seed-jobs', '--param', 'novalue']);
    expect([badParam.code, badParam.stderr.split('\n')[0]]).toEqual([2, "brickwork --param needs name=value, got 'novalue'"]);
  });

  it("validates the seed's job files and a pipeline file, and lists every problem of a broken one", async () => {
    const seed = await cli(['validate', 'test/fixtures/seed-jobs']);
    expect([seed.code, seed.stdout.trim()]).toEqual([
      0,
      "✔ pipeline 'Data_Extract_Job' is valid: 3 jobs (Data_Extract_Job → Data_Load_Job → ES_Load_Job)",
    ]);
    const own = await cli(['validate', 'test/fixtures/pipelines/nightly.yml', '--param', 'day=2026-11-30', '--json'], {
      env: 'dev',
    });
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout)).toEqual({ valid: true, pipeline: 'nightly-etl', jobs: ['extract', 'load', 'index'] });
    const broken = await cli(['validate', 'test/fixtures/pipelines/broken.yml']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('test/fixtures/pipelines/broken.yml:2:1  concurency: unknown key');
    expect(broken.stderr).toContain('(7 problems)');
  });

  it('prints the graph as Mermaid or dot', async () => {
    const mermaid = await cli(['graph', 'test/fixtures/seed-jobs']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^flowchart/);
    expect(mermaid.stdout).toContain('j0["Data_Extract_Job"]');
    expect(mermaid.stdout).toContain('j0 --> j1');
    const dot = await cli(['graph', 'test/fixtures/seed-jobs', '--format', 'dot']);
    expect(dot.stdout).toContain('"Data_Load_Job" -> "ES_Load_Job"');
    expect((await cli(['graph', 'test/fixtures/seed-jobs', '--format', 'png'])).code).toBe(2);
  });
});
