import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { pipeline } from '../builder/pipeline-builder.js';
import type { JobSpec } from '../graph/job-spec.js';
import type { Pipeline } from '../graph/pipeline.js';
import { ConfigError, PipelineValidationError } from '../model/errors.js';
import { type DatabricksJobYaml, databricksJobSchema } from './databricks-job-yaml.js';
import { type ParameterSources, resolveParameters } from './parameters.js';
import { type PipelineFile, pipelineFileSchema } from './pipeline-file-schema.js';
import { jobProblems, notifyFromFile, policyFromFile, specsFromFile } from './pipeline-from-file.js';
import { isSeedFile, seedJobSpecs } from './seed-jobs.js';
import { closest, keysAt } from './suggest.js';
import type { ConfigProblem, YamlFile } from './yaml-file.js';

/** Options of {@link loadPipeline}. */
export interface LoadPipelineOptions {
  /** Values of `${name}` references (`--param name=value`); they win over the environment. */
  readonly params?: Readonly<Record<string, string>>;
  /** Where other `${name}` references come from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Name of a pipeline made of the seed's job files. @default the name of the first job */
  readonly name?: string;
}

/**
 * Loads a pipeline from YAML: a brickwork pipeline file (`pipeline.yml`, which may refer
 * to Databricks Asset Bundle jobs), or the seed's per-job files (several files or a
 * directory of them; the chain comes from `on_success.trigger_job`). `${name}` references are
 * resolved from `params` and the environment.
 *
 * @throws {@link ConfigError} listing every problem with `file:line:column`.
 * @example
 * ```ts
 * const nightly = await loadPipeline('pipeline.yml', { params: { day: '2026-11-30' } });
 * ```
 */
export async function loadPipeline(paths: string | readonly string[], options: LoadPipelineOptions = {}): Promise<Pipeline> {
  const problems: ConfigProblem[] = [];
  const files = await readYamlFiles(await expand([paths].flat(), problems), problems);
  const sources: ParameterSources = { params: options.params ?? {}, env: options.env ?? process.env };
  const own = files.filter((file) => !isSeedFile(file.value));
  let built: Pipeline | undefined;
  if (problems.length === 0 && files.length > 0) {
    if (own.length === 0) built = fromSeedFiles(files, sources, options.name, problems);
    else if (files.length === 1) built = await fromPipelineFile(files[0] as YamlFile, sources, problems);
    else problems.push(own[0]?.problem([], 'load one brickwork pipeline file, or only the seed’s job files') as ConfigProblem);
  }
  if (problems.length > 0 || !built) {
    const sorted = problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    throw new ConfigError(sorted);
  }
  return built;
}

async function fromPipelineFile(
  source: YamlFile,
  sources: ParameterSources,
  problems: ConfigProblem[],
): Promise<Pipeline | undefined> {
  const value = resolveParameters(source.value, sources, (path, message) => problems.push(source.problem(path, message)));
  const parsed = pipelineFileSchema.safeParse(value);
  problems.push(...jobProblems(value, source));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        const known = keysAt(pipelineFileSchema, issue.path);
        for (const key of issue.keys) {
          const hint = closest(key, known);
          problems.push(
            source.problem([...issue.path, key], `unknown key '${key}'${hint ? ` — did you mean '${hint}'?` : ''}`, true),
          );
        }
      } else {
        problems.push(source.problem(issue.path as PropertyKey[], issue.message));
      }
    }
    return undefined;
  }
  const file: PipelineFile = parsed.data;
  const bundleJobs = await readBundles(source, file.bundles ?? [], sources, problems);
  const specs = specsFromFile(file, source, bundleJobs, problems);
  if (problems.length > 0) return undefined;
  const options = {
    ...(file.concurrency !== undefined ? { concurrency: file.concurrency } : {}),
    ...(file.deadline_seconds !== undefined ? { deadlineSeconds: file.deadline_seconds } : {}),
    ...(file.description !== undefined ? { description: file.description } : {}),
    ...(file.rollback !== undefined ? { rollback: file.rollback } : {}),
    ...(file.notifications ? { notify: notifyFromFile(file.notifications) } : {}),
    ...(file.defaults ? { defaults: policyFromFile(file.defaults) } : {}),
  };
  return build(file.name, options, specs, problems, (key) => source.problem(key ? ['jobs', key] : ['name'], '', true));
}

function fromSeedFiles(
  files: readonly YamlFile[],
  sources: ParameterSources,
  name: string | undefined,
  problems: ConfigProblem[],
): Pipeline | undefined {
  const resolved = files.map((file) =>
    file.withValue(resolveParameters(file.value, sources, (path, message) => problems.push(file.problem(path, message)))),
  );
  const specs = seedJobSpecs(resolved, problems);
  if (problems.length > 0) return undefined;
  const first = files[0] as YamlFile;
  return build(name ?? [...specs.keys()][0] ?? 'seed', {}, specs, problems, () => first.problem([], ''));
}

/** Builds the pipeline, turning the builder's problems into located ones. */
function build(
  name: string,
  options: Parameters<typeof pipeline>[1],
  specs: ReadonlyMap<string, JobSpec>,
  problems: ConfigProblem[],
  where: (job: string | undefined) => ConfigProblem,
): Pipeline | undefined {
  let builder = pipeline(name, options);
  for (const [key, spec] of specs) builder = builder.job(key, spec);
  try {
    return builder.build();
  } catch (error) {
    if (!(error instanceof PipelineValidationError)) throw error;
    for (const problem of error.problems) {
      const job = problem.path === 'pipeline' ? undefined : problem.path.split('.')[0]?.replace(/^'|'$/g, '');
      const at = where(job && specs.has(job) ? job : undefined);
      problems.push({ ...at, path: problem.path, message: problem.message });
    }
    return undefined;
  }
}

async function readBundles(
  source: YamlFile,
  paths: readonly string[],
  sources: ParameterSources,
  problems: ConfigProblem[],
): Promise<Map<string, DatabricksJobYaml>> {
  const jobs = new Map<string, DatabricksJobYaml>();
  const files = await readYamlFiles(
    paths.map((path) => resolve(dirname(source.file), path)),
    problems,
  );
  for (const file of files) {
    const resources = (file.value as { resources?: { jobs?: unknown } } | null)?.resources?.jobs;
    if (typeof resources !== 'object' || resources === null) {
      problems.push(file.problem([], 'has no resources.jobs: is it a Databricks Asset Bundle file?'));
      continue;
    }
    for (const [key, definition] of Object.entries(resources)) {
      const path = ['resources', 'jobs', key];
      // Only the name is resolved: the rest of a bundle is Databricks' business (${var.…} and all).
      const named = {
        ...(definition as object),
        name: resolveParameters((definition as { name?: unknown }).name, sources, (_, message) =>
          problems.push(file.problem([...path, 'name'], message)),
        ),
      };
      const parsed = databricksJobSchema.safeParse(named);
      if (parsed.success) jobs.set(key, parsed.data);
      else
        for (const issue of parsed.error.issues)
          problems.push(file.problem([...path, ...(issue.path as PropertyKey[])], issue.message));
    }
  }
  return jobs;
}

/** Files of the paths, a directory standing for its `.yml` and `.yaml` files. */
async function expand(paths: readonly string[], problems: ConfigProblem[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) problems.push({ file: path, line: 1, column: 1, path: '', message: 'no such file or directory' });
    else if (!info.isDirectory()) files.push(path);
    else {
      const names = (await readdir(path)).filter((name) => ['.yml', '.yaml'].includes(extname(name))).sort();
      if (names.length === 0) problems.push({ file: path, line: 1, column: 1, path: '', message: 'has no .yml or .yaml files' });
      files.push(...names.map((name) => join(path, name)));
    }
  }
  return files;
}

async function readYamlFiles(paths: readonly string[], problems: ConfigProblem[]): Promise<YamlFile[]> {
  // The YAML parser is loaded here, on first use, not when brickwork is imported.
  const { YamlFile } = await import('./yaml-file.js');
  const files: YamlFile[] = [];
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      problems.push({ file: path, line: 1, column: 1, path: '', message: `cannot be read (${error.code ?? error.message})` });
      return undefined;
    });
    if (text === undefined) continue;
    const parsed = YamlFile.parse(path, text);
    if (Array.isArray(parsed)) problems.push(...parsed);
    else files.push(parsed);
  }
  return files;
}
