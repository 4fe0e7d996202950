/**
 * The layering of Signet, checked by dependency-cruiser in `npm test` (`npm run deps`).
 * docs/ARCHITECTURE.md explains it; this file is what holds the code to it.
 */

/**
 * The core's folders from the ground floor up. A folder may import folders on lower floors and
 * nothing on its own floor or above (each floor's folders are independent of each other); the
 * files at the root of `src/main/core` (the facade, the composition root, the public entry) sit
 * on top of everything.
 */
const coreFloors = [
  ['logging', 'config', 'http', 'events', 'faults'],
  ['errors', 'redis'],
  ['secrets', 'storage'],
  ['crypto', 'providers', 'activity'],
  ['flows', 'cache'],
  ['refresh'],
  ['sync'],
  ['status'],
  ['accounts'],
  ['agent'],
];

const core = '^src/main/core/';
const upward = coreFloors.map((floor, level) => {
  const higher = coreFloors.slice(level + 1).flat();
  return {
    name: `core-upward-from-${floor.join('-')}`,
    comment: `${floor.join(', ')} may import only lower floors of the core (${
      coreFloors.slice(0, level).flat().join(', ') || 'none'
    }); see docs/ARCHITECTURE.md`,
    severity: 'error',
    from: { path: `${core}(${floor.join('|')})/` },
    to: {
      path: `${core}(?:(${[...higher, ...floor].join('|')})/|[^/]+$)`,
      // A folder's own files import each other freely.
      pathNot: `${core}$1/`,
    },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle means two modules cannot be understood, tested or replaced apart.',
      severity: 'error',
      from: { path: '^(src|scripts|emulators|bench)/' },
      to: { circular: true },
    },
    {
      name: 'no-test-from-product',
      comment: 'The product, its scripts and the emulators never import the tests.',
      severity: 'error',
      from: { path: '^(src|scripts|emulators)/' },
      to: { path: '^test/' },
    },
    {
      name: 'fronts-use-the-core-entry',
      comment:
        'The shell, the CLI and the IPC handlers reach the core through src/main/core/index.ts, or lean.ts for the fast paths, only.',
      severity: 'error',
      from: { path: '^src/main/(electron|cli|ipc)/' },
      to: { path: core, pathNot: `${core}(index|lean)\\.ts$` },
    },
    {
      name: 'core-depends-on-no-front',
      severity: 'error',
      from: { path: core },
      to: { path: '^src/(main/(electron|cli|ipc)|renderer|preload)/' },
    },
    {
      name: 'core-never-imports-electron',
      severity: 'error',
      from: { path: core },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'shared-stands-alone',
      comment: 'src/shared runs in every process: it imports nothing of the others.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(main|renderer|preload)/' },
    },
    {
      name: 'renderer-talks-through-the-preload',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^src/(main|preload)/' },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.node.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
    },
  },
};
