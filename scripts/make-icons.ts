/**
 * npm run icons:teams: draws the Teams app icons (two linked rings: the city and a company). Writes
 * manifests/teams/color.png (192×192, full colour) and outline.png (32×32, white on transparent).
 */
import { writeFileSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";

type Rgba = [number, number, number, number];

export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], y * (width * 4 + 1) + 1 + x * 4);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** Coverage (0..1) of a ring around (cx, cy), sampled 4×4 per pixel for smooth edges. */
function ring(x: number, y: number, cx: number, cy: number, radius: number, width: number): number {
  let hit = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const d = Math.hypot(x + (i + 0.5) / 4 - cx, y + (j + 0.5) / 4 - cy);
      if (Math.abs(d - radius) <= width / 2) hit++;
    }
  }
  return hit / 16;
}

const ACCENT: Rgba = [0x1d, 0x4e, 0x89, 255];

export function colorIcon(): Buffer {
  const s = 192;
  return encodePng(s, s, (x, y) => {
    const c = Math.max(ring(x, y, 76, 96, 40, 14), ring(x, y, 116, 96, 40, 14));
    return [Math.round(ACCENT[0] + (255 - ACCENT[0]) * c), Math.round(ACCENT[1] + (255 - ACCENT[1]) * c), Math.round(ACCENT[2] + (255 - ACCENT[2]) * c), 255];
  });
}

export function outlineIcon(): Buffer {
  const s = 32;
  return encodePng(s, s, (x, y) => {
    const c = Math.max(ring(x, y, 12.5, 16, 7.5, 2), ring(x, y, 19.5, 16, 7.5, 2));
    return [255, 255, 255, Math.round(255 * c)];
  });
}

if (process.argv[1]?.endsWith("make-icons.ts")) {
  writeFileSync("manifests/teams/color.png", colorIcon());
  writeFileSync("manifests/teams/outline.png", outlineIcon());
  console.log("wrote manifests/teams/color.png and manifests/teams/outline.png");
}
