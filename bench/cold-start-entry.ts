// What the cold-start child loads, bundled like the app's main process bundles the core
// (dependencies external), so its import time is the production one and not tsx's.
export { createCore } from '../src/main/core/create-core.js';
export { MemorySecretStore } from '../src/main/core/secrets/memory-secret-store.js';
export { CountingSecretStore } from './counting-secret-store.js';
