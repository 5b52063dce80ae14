// Loads the C2PA SDK (c2pa-rs 0.91.3 built to WebAssembly, @contentauth/c2pa-wasm 0.13.3, MIT) under Node.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import init, { WasmBuilder, WasmReader } from '@contentauth/c2pa-wasm';

const require = createRequire(import.meta.url);
await init({ module_or_path: readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')) });

export { WasmBuilder, WasmReader };

// The builder reads its source Blob with the browser's FileReaderSync, which Node lacks: a Blob that keeps its bytes
// and a FileReaderSync that hands them back stand in for them.
export class BytesBlob extends Blob {
  constructor(bytes) {
    super([bytes]);
    this.bytes = bytes;
  }

  slice(start, end) {
    return new BytesBlob(this.bytes.subarray(start, end));
  }
}

globalThis.FileReaderSync = class {
  readAsArrayBuffer(blob) {
    return blob.bytes.buffer.slice(blob.bytes.byteOffset, blob.bytes.byteOffset + blob.bytes.byteLength);
  }
};

export function mimeOf(file) {
  if (file.endsWith('.png')) return 'image/png';
  if (file.endsWith('.webp')) return 'image/webp';
  return 'image/jpeg';
}

// The reader's settings: the test CA as the only trust anchor, nothing fetched from the network.
export function readerContext(anchorsPem) {
  return JSON.stringify({
    trust: { trust_anchors: anchorsPem },
    verify: { ocsp_fetch: false, remote_manifest_fetch: false },
  });
}
