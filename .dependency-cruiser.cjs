/**
 * The layers of src/, bottom to top. A module may import (types included) from its own layer
 * and the layers below it, never from above; no import circles anywhere. See
 * docs/architecture.md for what each layer holds.
 *
 *   model, util          vocabulary: errors, JobError, RunIf, Backoff, Notification; helpers
 *   adapters             contracts only: JobsApi, MetadataStore, SqlClient, Notifier, RollbackStrategy, Check
 *   databricks, stores,  implementations of the contracts
 *   notify, rollback, checks
 *   graph                what a job and a pipeline are: specs, JobDefinition, Pipeline
 *   builder              pipeline().job().after() → Pipeline
 *   engine               runs a Pipeline through the contracts (never an implementation)
 *   config, report,      above the engine: YAML files, reports, test kit, default wiring,
 *   testing, create-engine.ts, index.ts, testing.ts   the public entry points
 *   cli                  the command, on the public entry points only
 */
const layers = [
  ['model', 'util'],
  ['adapters'],
  ['databricks', 'stores', 'notify', 'rollback', 'checks'],
  ['graph'],
  ['builder'],
  ['engine'],
  ['config', 'report', 'testing', 'create-engine.ts', 'index.ts', 'testing.ts'],
  ['cli'],
];

const pathOf = (names) => `^src/(${names.map((name) => name.replace('.', '\\.')).join('|')})(/|$)`;

const upward = layers.slice(0, -1).map((layer, at) => ({
  name: `no-upward-from-${layer[0]}`,
  comment: `${layer.join(', ')} may not import from the layers above it`,
  severity: 'error',
  from: { path: pathOf(layer) },
  to: { path: pathOf(layers.slice(at + 1).flat()) },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: { path: '^src' }, to: { circular: true } },
    ...upward,
    {
      name: 'model-imports-nothing-above-util',
      comment: 'util may use model; model uses nothing of src but itself',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/util/' },
    },
    {
      name: 'implementations-stay-apart',
      comment: 'an adapter implementation does not reach into another implementation',
      severity: 'error',
      from: { path: '^src/(stores|notify|rollback|checks)/' },
      to: { path: '^src/(databricks|stores|notify|rollback|checks)/', pathNot: '^src/$1/' },
    },
    {
      name: 'engine-knows-contracts-only',
      comment: 'graph, builder and engine use adapters through their interfaces; create-engine.ts picks the defaults',
      severity: 'error',
      from: { path: '^src/(graph|builder|engine)/' },
      to: { path: '^src/(databricks|stores|notify|rollback|checks)/' },
    },
    {
      name: 'cli-through-public-api',
      comment: 'the command is built on the public entry points only',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/', pathNot: ['^src/cli/', '^src/index\\.ts$', '^src/testing\\.ts$'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^src' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
