// Property tests (fast-check) draw from one fixed seed so a CI run is reproducible; set FC_SEED
// to explore other sequences locally. A test that passes its own seed keeps it.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20261123) });
