// Makes the signed C2PA test fixtures with the C2PA SDK's own builder (@contentauth/c2pa-wasm 0.13.3) and a test CA
// made here with openssl: one run writes new keys, so re-running changes every signed fixture; then run
// make_goldens.mjs. Usage (from this folder): npm ci && node make_fixtures.mjs
import { execFileSync } from 'node:child_process';
import { createPrivateKey, sign as cryptoSign, constants } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BytesBlob, WasmBuilder } from './wasm.mjs';
import { encode, tagged } from './cbor.mjs';

const repo = new URL('../../../', import.meta.url).pathname;
const out = join(repo, 'src/test/resources/fixtures/c2pa');
const images = join(repo, 'src/test/resources/fixtures/images');
const work = mkdtempSync(join(tmpdir(), 'c2pa-ca-'));

const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

function openssl(...args) {
  execFileSync('openssl', args, { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
}

function derOf(pemFile) {
  return execFileSync('openssl', ['x509', '-in', pemFile, '-outform', 'DER'], { cwd: work });
}

// A self-signed root; `openssl ca` signs the end-entity certificates so that their validity dates can lie in the past.
function makeRoot(name, keyArgs) {
  openssl('req', '-x509', '-new', '-newkey', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`,
    '-days', '36500', '-subj', `/CN=${name}/O=Virtus Scan Test Fixtures`, '-sha256',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-addext', 'subjectKeyIdentifier=hash');
  writeFileSync(join(work, `${name}.cnf`), `[ca]
default_ca = ca
[ca]
dir = .
database = ${name}.index
new_certs_dir = .
certificate = ${name}.pem
private_key = ${name}.key
serial = ${name}.serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
organizationName = optional
[signer]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`);
  writeFileSync(join(work, `${name}.index`), '');
  writeFileSync(join(work, `${name}.serial`), '1000\n');
}

function makeSigner(name, root, keyArgs, startDate, endDate) {
  openssl('req', '-new', '-newkey', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`,
    '-subj', `/CN=${name}/O=Virtus Scan Test Fixtures`);
  openssl('ca', '-batch', '-config', `${root}.cnf`, '-extensions', 'signer', '-in', `${name}.csr`, '-out',
    `${name}.pem`, '-startdate', startDate, '-enddate', endDate, '-notext');
  return {
    alg: keyArgs === RSA ? 'ps256' : 'es256',
    key: createPrivateKey(readFileSync(join(work, `${name}.key`))),
    chain: [derOf(`${name}.pem`), derOf(`${root}.pem`)],
  };
}

const EC = ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
const RSA = ['rsa:2048'];
const COSE_ALG = { es256: -7, ps256: -37 };

// The SDK hands the claim to the signer and takes back a whole COSE_Sign1 (direct COSE handling): the payload is
// detached, the certificate chain is in the protected header (x5chain, label 33), and a zero "pad" fills the box.
function coseSigner({ alg, key, chain }, signatures) {
  const reserveSize = 4096 + chain.reduce((n, c) => n + c.length, 0);
  return {
    alg,
    reserveSize,
    sign: async (claim) => {
      const prot = encode(new Map([[1, COSE_ALG[alg]], [33, chain]]));
      const toBeSigned = encode(['Signature1', prot, Buffer.alloc(0), Buffer.from(claim)]);
      const signature = alg === 'es256'
        ? cryptoSign('sha256', toBeSigned, { key, dsaEncoding: 'ieee-p1363' })
        : cryptoSign('sha256', toBeSigned, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
      signatures.push(signature);
      const sign1 = (pad) => encode(tagged(18, [prot, new Map([['pad', Buffer.alloc(pad)]]), null, signature]));
      let pad = reserveSize - sign1(0).length;
      while (sign1(pad).length > reserveSize) pad--;
      return new Uint8Array(sign1(pad));
    },
  };
}

// The builder checks what it signed and refuses an expired certificate; the expired fixture needs that check off.
const BUILDER_CONTEXT = JSON.stringify({ verify: { verify_after_sign: false } });

// Signs a copy of source; returns the signed bytes and the raw signature inside them.
async function signedWithSignature(source, format, signer, digitalSourceType, action = 'c2pa.created') {
  const builder = WasmBuilder.fromJson(JSON.stringify({
    claim_generator_info: [{ name: 'virtus-scan-test-fixtures', version: '1.0.0' }],
    title: 'fixture',
    format,
    assertions: [{
      label: 'c2pa.actions',
      data: { actions: [{ action, digitalSourceType, softwareAgent: { name: 'virtus-scan-test-fixtures' } }] },
    }],
  }), BUILDER_CONTEXT);
  const signatures = [];
  const bytes = await builder.sign(coseSigner(signer, signatures), [], format, new BytesBlob(readFileSync(source)));
  return { bytes: Buffer.from(bytes), signature: signatures.at(-1) };
}

async function signed(...args) {
  return (await signedWithSignature(...args)).bytes;
}

// JPEG segments: [start, end) of every marker segment before the scan.
function jpegSegments(jpeg) {
  const segments = [];
  let at = 2;
  while (jpeg[at] === 0xff && jpeg[at + 1] !== 0xda) {
    const end = at + 2 + jpeg.readUInt16BE(at + 2);
    segments.push({ marker: jpeg[at + 1], start: at, end });
    at = end;
  }
  return { segments, scan: at };
}

function withoutApp11(jpeg) {
  const { segments } = jpegSegments(jpeg);
  return Buffer.concat([jpeg.subarray(0, 2), ...segments.filter(s => s.marker !== 0xeb).map(s => jpeg.subarray(s.start, s.end)),
    jpeg.subarray(segments.at(-1).end)]);
}

function withPixelChanged(jpeg) {
  const copy = Buffer.from(jpeg);
  const { scan } = jpegSegments(copy);
  const at = scan + Math.floor((copy.length - scan) / 2);
  copy[at] = copy[at] === 0x00 ? 0x01 : (copy[at] === 0xff ? 0xfe : copy[at] ^ 0x01);
  return copy;
}

// Flips the last byte of the raw signature inside the COSE_Sign1.
function withSignatureFlipped(jpeg, signature) {
  const copy = Buffer.from(jpeg);
  const at = copy.indexOf(signature);
  if (at < 0 || copy.indexOf(signature, at + 1) >= 0) throw new Error('the signature is not found exactly once');
  copy[at + signature.length - 1] ^= 0xff;
  return copy;
}

function xmpPacket(digitalSourceType, creatorTool) {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 Iptc4xmpExt:DigitalSourceType="${digitalSourceType}" xmp:CreatorTool="${creatorTool}"/>
</rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;
}

function jpegWithXmp(jpeg, xmp) {
  const payload = Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0'), Buffer.from(xmp, 'utf8')]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function pngWithXmp(png, xmp) {
  const data = Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0'), Buffer.from(xmp, 'utf8')]);
  const typeAndData = Buffer.concat([Buffer.from('iTXt'), data]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  typeAndData.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

makeRoot('virtus-test-root', EC);
makeRoot('other-root', EC);
const valid = makeSigner('virtus-test-signer', 'virtus-test-root', EC, '20250101000000Z', '21250101000000Z');
const rsa = makeSigner('virtus-test-rsa-signer', 'virtus-test-root', RSA, '20250101000000Z', '21250101000000Z');
const expired = makeSigner('virtus-test-expired-signer', 'virtus-test-root', EC, '20200101000000Z', '20210101000000Z');
const stranger = makeSigner('other-signer', 'other-root', EC, '20250101000000Z', '21250101000000Z');

const jpeg = join(images, 'jpeg-baseline-420.jpg');
const files = {};
files['jpeg-ai-created.jpg'] = await signed(jpeg, 'image/jpeg', valid, IPTC + 'trainedAlgorithmicMedia');
files['jpeg-ai-edited.jpg'] = await signed(jpeg, 'image/jpeg', valid, IPTC + 'compositeWithTrainedAlgorithmicMedia');
files['jpeg-camera-capture.jpg'] = await signed(jpeg, 'image/jpeg', rsa, IPTC + 'digitalCapture');
files['jpeg-pixels-changed.jpg'] = withPixelChanged(files['jpeg-ai-created.jpg']);
const toFlip = await signedWithSignature(jpeg, 'image/jpeg', valid, IPTC + 'trainedAlgorithmicMedia');
files['jpeg-signature-flipped.jpg'] = withSignatureFlipped(toFlip.bytes, toFlip.signature);
files['jpeg-expired-certificate.jpg'] = await signed(jpeg, 'image/jpeg', expired, IPTC + 'trainedAlgorithmicMedia');
files['jpeg-untrusted-chain.jpg'] = await signed(jpeg, 'image/jpeg', stranger, IPTC + 'trainedAlgorithmicMedia');
files['jpeg-manifest-stripped.jpg'] = withoutApp11(files['jpeg-ai-created.jpg']);
files['jpeg-iptc-ai.jpg'] = jpegWithXmp(readFileSync(jpeg), xmpPacket(IPTC + 'trainedAlgorithmicMedia', 'Test Image Generator 2.1'));
files['png-ai-created.png'] = await signed(join(images, 'png-gradient-300x200.png'), 'image/png', valid, IPTC + 'trainedAlgorithmicMedia');
files['png-iptc-ai.png'] = pngWithXmp(readFileSync(join(images, 'png-gradient-300x200.png')),
  xmpPacket(IPTC + 'compositeWithTrainedAlgorithmicMedia', 'Test Image Editor 5'));
files['webp-ai-created.webp'] = await signed(join(images, 'webp-lossy.webp'), 'image/webp', valid, IPTC + 'trainedAlgorithmicMedia');

for (const [name, bytes] of Object.entries(files)) writeFileSync(join(out, name), bytes);
writeFileSync(join(out, 'test-anchors.pem'), readFileSync(join(work, 'virtus-test-root.pem')));
rmSync(work, { recursive: true });
console.log(`wrote ${Object.keys(files).length} fixtures and test-anchors.pem to ${out}`);
