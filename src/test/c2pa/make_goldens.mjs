// Reads every fixture in src/test/resources/fixtures/c2pa with the C2PA SDK (c2pa-rs 0.91.3 in
// @contentauth/c2pa-wasm 0.13.3), the test CA as its only trust anchor, and writes what the Java reader must agree
// with to goldens/<fixture>.json. With --check it writes nothing and exits 1 when a committed golden differs.
// Usage (from this folder): npm ci && node make_goldens.mjs [--check]
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { WasmReader, mimeOf, readerContext } from './wasm.mjs';

const fixtures = new URL('../resources/fixtures/c2pa/', import.meta.url).pathname;
const goldens = join(fixtures, 'goldens');
const check = process.argv.includes('--check');
const context = readerContext(readFileSync(join(fixtures, 'test-anchors.pem'), 'utf8'));

const codes = (statuses) => [...new Set((statuses ?? []).map(s => s.code))].sort();

function actionsOf(manifest) {
  return (manifest.assertions ?? [])
    .filter(a => a.label === 'c2pa.actions' || a.label === 'c2pa.actions.v2')
    .flatMap(a => a.data.actions)
    .map(a => ({ action: a.action, digitalSourceType: a.digitalSourceType ?? null }));
}

async function golden(file) {
  let reader;
  try {
    reader = await WasmReader.fromBytes(mimeOf(file), readFileSync(join(fixtures, file)), context);
  } catch (e) {
    return { file, c2pa: null, readerError: String(e) };
  }
  const store = JSON.parse(reader.json());
  const manifest = store.manifests[store.active_manifest];
  const results = store.validation_results?.activeManifest ?? {};
  return {
    file,
    c2pa: {
      activeManifest: store.active_manifest,
      claimGenerator: manifest.claim_generator ?? null,
      claimGeneratorInfo: (manifest.claim_generator_info ?? []).map(i => i.name),
      actions: actionsOf(manifest),
      signer: { commonName: manifest.signature_info?.common_name ?? null, issuer: manifest.signature_info?.issuer ?? null },
      validationState: store.validation_state,
      success: codes(results.success),
      informational: codes(results.informational),
      failure: codes(results.failure),
    },
  };
}

const images = readdirSync(fixtures).filter(f => /\.(jpg|png|webp)$/.test(f)).sort();
let stale = 0;
if (!check) mkdirSync(goldens, { recursive: true });
for (const file of images) {
  const path = join(goldens, `${file}.json`);
  const text = JSON.stringify(await golden(file), null, 2) + '\n';
  if (!check) {
    writeFileSync(path, text);
  } else if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
    console.error(`stale golden: ${path}`);
    stale++;
  }
}
const committed = existsSync(goldens) ? readdirSync(goldens).filter(f => !images.includes(f.replace(/\.json$/, ''))) : [];
for (const orphan of committed) {
  console.error(`golden without a fixture: ${orphan}`);
  stale++;
}
console.log(`${images.length} fixtures, ${check ? `${stale} stale goldens` : 'goldens written'}`);
process.exit(stale ? 1 : 0);
