// The few CBOR items (RFC 8949) a COSE_Sign1 needs: unsigned/negative integers, byte and text strings, arrays,
// maps (a Map keeps its insertion order), null and tags. Definite lengths only, as COSE's deterministic encoding wants.
const TAG = Symbol('tag');

export function tagged(tag, value) {
  return { [TAG]: tag, value };
}

function head(major, n) {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) { const b = Buffer.alloc(3); b[0] = (major << 5) | 25; b.writeUInt16BE(n, 1); return b; }
  const b = Buffer.alloc(5); b[0] = (major << 5) | 26; b.writeUInt32BE(n, 1); return b;
}

export function encode(value) {
  if (value === null) return Buffer.from([0xf6]);
  if (Number.isInteger(value)) return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') { const s = Buffer.from(value, 'utf8'); return Buffer.concat([head(3, s.length), s]); }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(encode)]);
  if (value instanceof Map) {
    return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [encode(k), encode(v)])]);
  }
  if (value && TAG in value) return Buffer.concat([head(6, value[TAG]), encode(value.value)]);
  throw new Error(`cannot encode ${value}`);
}
