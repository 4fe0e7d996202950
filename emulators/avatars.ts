// Avatars the emulators serve: real PNG files, so a client that decodes, resizes or caches the
// picture meets a real image. Identicons make screenshots tell accounts apart.

import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A size×size 8-bit RGBA PNG, unfiltered, whose pixel (x, y) is colourAt(x, y). */
function encodePng(size: number, colourAt: (x: number, y: number) => Rgba): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  // Bit depth 8, colour type 6 (RGBA), deflate, no filter, no interlace.
  header.set([8, 6, 0, 0, 0], 8);
  const stride = 1 + size * 4;
  const raw = Buffer.alloc(size * stride);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) raw.set(colourAt(x, y), y * stride + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid size×size RGBA PNG of one colour. */
export function makePng(size = 4, rgba: Rgba = [88, 101, 242, 255]): Buffer {
  return encodePng(size, () => rgba);
}

export const TINY_PNG: Buffer = makePng();

const IDENTICON_BACKGROUND: Rgba = [240, 240, 240, 255];
const IDENTICON_COLOURS: readonly Rgba[] = [
  [130, 80, 223, 255],
  [9, 105, 218, 255],
  [26, 127, 55, 255],
  [207, 34, 46, 255],
  [191, 135, 0, 255],
  [225, 111, 36, 255],
  [27, 124, 131, 255],
  [191, 57, 137, 255],
];

/**
 * A GitHub-style identicon: a 5×5 grid mirrored left to right, in a colour drawn from `seed`, on a
 * light background; `size`×`size` pixels. Providers hand out such avatars to users without a
 * photo, and they make the window's screenshots tell accounts apart.
 */
export function makeIdenticon(seed: string, size = 80): Buffer {
  const hash = createHash('sha256').update(seed).digest();
  const colour = IDENTICON_COLOURS[(hash[0] ?? 0) % IDENTICON_COLOURS.length]!;
  const on = (col: number, row: number) => ((hash[1 + row * 3 + Math.min(col, 4 - col)] ?? 0) & 1) === 1;
  const margin = Math.round(size / 10);
  const cell = (size - 2 * margin) / 5;
  return encodePng(size, (x, y) => {
    const col = Math.floor((x - margin) / cell);
    const row = Math.floor((y - margin) / cell);
    const inside = col >= 0 && col < 5 && row >= 0 && row < 5;
    return inside && on(col, row) ? colour : IDENTICON_BACKGROUND;
  });
}
