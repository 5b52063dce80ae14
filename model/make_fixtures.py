#!/usr/bin/env python3
"""Write the image fixtures used by the Java preprocessing and classification tests.

Writes two folders (defaults under src/test/resources/fixtures/):

* images/  decodable images, one per format / mode / geometry edge case, built from
           scikit-image sample photos (astronaut, chelsea, coffee), gradients and seeded noise.
* bad/     inputs the service must reject (empty, truncated, decompression bombs, unsupported
           formats); see bad/README.md, which this script also writes.

Everything is deterministic: re-running produces byte-identical files.

Example:
    python model/make_fixtures.py
"""

import argparse
import io
import re
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps
from skimage import data

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "src" / "test" / "resources" / "fixtures"
EXIF_ORIENTATION_TAG = 0x0112
# Transpose that turns an upright picture into what a camera stores for a given EXIF
# orientation, i.e. the inverse of what PIL.ImageOps.exif_transpose applies.
# exif_transpose: 2 FLIP_LEFT_RIGHT, 3 ROTATE_180, 4 FLIP_TOP_BOTTOM, 5 TRANSPOSE, 6 ROTATE_270,
# 7 TRANSVERSE, 8 ROTATE_90; flips and the two transposes are their own inverses.
STORED_FOR_ORIENTATION = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}
# Upright size of every fixture whose name says "exif-orientation" (checked after exif_transpose).
UPRIGHT_SIZE_JPEG = (240, 160)
UPRIGHT_SIZE_OTHER = (150, 100)
IMAGES_BUDGET_BYTES = 2 * 1024 * 1024


# ---------------------------------------------------------------- source pictures


def astronaut_face(width: int, height: int) -> Image.Image:
    """Crop around the astronaut's face (skimage.data.astronaut is 512x512)."""
    return Image.fromarray(data.astronaut()).crop((110, 20, 110 + width, 20 + height))


def chelsea(width: int, height: int) -> Image.Image:
    """Crop of the cat photo (451x300), anchored on the cat's head."""
    return Image.fromarray(data.chelsea()).crop((80, 0, 80 + width, height))


def coffee(width: int, height: int) -> Image.Image:
    """Crop of the coffee cup photo (600x400)."""
    return Image.fromarray(data.coffee()).crop((150, 60, 150 + width, 60 + height))


def gradient(width: int, height: int) -> Image.Image:
    """Smooth RGB gradient: red left-to-right, green top-to-bottom, blue diagonal."""
    x = np.linspace(0, 255, width)[None, :].repeat(height, 0)
    y = np.linspace(0, 255, height)[:, None].repeat(width, 1)
    rgb = np.stack([x, y, (x + y) / 2], axis=-1)
    return Image.fromarray(np.round(rgb).astype(np.uint8))


def noise(width: int, height: int, seed: int) -> Image.Image:
    """Uniform RGB noise from a seeded generator (worst case for resampling)."""
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8))


def shapes(width: int, height: int) -> Image.Image:
    """Hard-edged synthetic scene: 20 px checkerboard of two saturated colours plus a dark disc.

    Sharp edges exercise resampling overshoot and clamping; flat areas keep the goldens small.
    """
    yy, xx = np.mgrid[0:height, 0:width]
    checker = ((xx // 20 + yy // 20) % 2).astype(bool)
    rgb = np.where(checker[..., None], np.array([230, 40, 30]), np.array([20, 120, 220]))
    disc = (xx - width * 0.6) ** 2 + (yy - height * 0.45) ** 2 < (min(width, height) * 0.3) ** 2
    rgb[disc] = (15, 15, 15)
    return Image.fromarray(rgb.astype(np.uint8))


def alpha_ramp(width: int, height: int) -> Image.Image:
    """Alpha channel: 0 at the left edge to 255 at the right, with a fully opaque band."""
    alpha = np.round(np.linspace(0, 255, width))[None, :].repeat(height, 0)
    alpha[height // 3 : height // 2, :] = 255
    return Image.fromarray(alpha.astype(np.uint8), mode="L")


# ---------------------------------------------------------------- encoders


def jpeg(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90, **options)
    return buffer.getvalue()


def encode(image: Image.Image, format_name: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format_name, **options)
    return buffer.getvalue()


def stored_for(upright: Image.Image, orientation: int) -> Image.Image:
    """What a camera stores for an upright picture under this EXIF orientation."""
    transpose = STORED_FOR_ORIENTATION[orientation]
    return upright if transpose is None else upright.transpose(transpose)


def orientation_exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[EXIF_ORIENTATION_TAG] = orientation
    return exif


# The first two EXIF fixtures; the other six orientations show another picture. JPEG coding commutes with
# these transposes on 16-aligned sizes, so orientations 1-4 (and 5-8) of one picture decode to identical RGB
# and share goldens, named after the first fixture by name: a new fixture must not take over older names.
ORIGINAL_JPEG_ORIENTATIONS = (3, 6)


def jpeg_with_orientation(orientation: int) -> bytes:
    """Upright 240x160 photo stored so that only honouring EXIF orientation shows it upright."""
    if orientation in ORIGINAL_JPEG_ORIENTATIONS:
        upright = coffee(*UPRIGHT_SIZE_JPEG)
    else:
        upright = Image.fromarray(data.coffee()).crop((300, 180, 300 + UPRIGHT_SIZE_JPEG[0], 180 + UPRIGHT_SIZE_JPEG[1]))
    return jpeg(stored_for(upright, orientation), exif=orientation_exif(orientation).tobytes())


def exif_upright_other() -> Image.Image:
    """The upright picture of the PNG and WebP EXIF fixtures; used by no other fixture, so their
    goldens are never shared with (and never rename) an older fixture's."""
    return astronaut_face(*UPRIGHT_SIZE_OTHER)


def png_with_orientation(orientation: int) -> bytes:
    """eXIf chunk before IDAT, as PIL writes it (TIFF without the "Exif\\0\\0" header)."""
    return encode(stored_for(exif_upright_other(), orientation), "PNG", exif=orientation_exif(orientation))


def png_with_orientation_after_idat(orientation: int) -> bytes:
    """eXIf chunk between the last IDAT and IEND: PIL reads it on load, and exif_transpose honours it."""
    plain = encode(stored_for(exif_upright_other(), orientation), "PNG")
    tiff = orientation_exif(orientation).tobytes()[len(b"Exif\x00\x00"):]
    iend = plain.rindex(b"IEND") - 4
    return plain[:iend] + png_chunk(b"eXIf", tiff) + plain[iend:]


def webp_with_orientation(orientation: int) -> bytes:
    """Lossless WebP (VP8X) with an EXIF chunk as PIL writes it: big-endian TIFF, no "Exif\\0\\0" header."""
    return encode(stored_for(exif_upright_other(), orientation), "WEBP", lossless=True,
                  exif=orientation_exif(orientation))


def little_endian_orientation_tiff(orientation: int) -> bytes:
    """Minimal Intel-order TIFF: header, one IFD with the Orientation SHORT, no next IFD."""
    entry = struct.pack("<HHIHH", EXIF_ORIENTATION_TAG, 3, 1, orientation, 0)
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1) + entry + struct.pack("<I", 0)


def webp_with_exif_header_orientation(orientation: int) -> bytes:
    """Lossless WebP whose EXIF chunk keeps the JPEG-style "Exif\\0\\0" header before an Intel-order
    TIFF, as some writers store it (PIL strips the header on read)."""
    webp = encode(stored_for(exif_upright_other(), orientation), "WEBP", lossless=True, exif=orientation_exif(1))
    position = webp.index(b"EXIF")
    old_length = struct.unpack("<I", webp[position + 4:position + 8])[0]
    old_end = position + 8 + old_length + (old_length & 1)
    payload = b"Exif\x00\x00" + little_endian_orientation_tiff(orientation)
    padding = b"\x00" * (len(payload) & 1)
    rebuilt = webp[:position] + b"EXIF" + struct.pack("<I", len(payload)) + payload + padding + webp[old_end:]
    return rebuilt[:4] + struct.pack("<I", len(rebuilt) - 8) + rebuilt[8:]


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_header(width: int, height: int, bit_depth: int, color_type: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)


def png_rgb16(rgb16: np.ndarray) -> bytes:
    """16-bit-per-channel RGB PNG written by hand (PIL cannot write RGB;16)."""
    height, width, _ = rgb16.shape
    rows = rgb16.astype(">u2").reshape(height, width * 6 // 2).view(np.uint8).reshape(height, -1)
    raw = b"".join(b"\x00" + row.tobytes() for row in rows)  # filter type 0 on every row
    return (
        png_header(width, height, 16, 2)
        + png_chunk(b"IDAT", zlib.compress(raw, 9))
        + png_chunk(b"IEND", b"")
    )


def png_gray_alpha16(gray16: np.ndarray, alpha16: np.ndarray) -> bytes:
    """16-bit grey + alpha PNG (colour type 4) written by hand (PIL cannot write LA;16)."""
    height, width = gray16.shape
    interleaved = np.stack([gray16, alpha16], axis=-1).astype(">u2").view(np.uint8).reshape(height, -1)
    raw = b"".join(b"\x00" + row.tobytes() for row in interleaved)
    return (
        png_header(width, height, 16, 4)
        + png_chunk(b"IDAT", zlib.compress(raw, 9))
        + png_chunk(b"IEND", b"")
    )


def to_16bit(image: Image.Image) -> np.ndarray:
    """Full-range 8->16 bit expansion (v * 257), as a real 16-bit export would look."""
    return np.asarray(image).astype(np.uint16) * 257


# ---------------------------------------------------------------- fixture catalogue


def palette_image() -> Image.Image:
    return chelsea(200, 150).quantize(colors=64, method=Image.Quantize.MEDIANCUT)


def palette_with_trns() -> bytes:
    image = palette_image()
    transparency = bytes(range(0, 256, 4))  # tRNS: alpha 0, 4, 8, ... for the 64 entries
    return encode(image, "PNG", transparency=transparency)


def animated_gif() -> bytes:
    """Two-frame GIF, palette index 0 transparent; decoders must use the first frame."""
    first = astronaut_face(200, 160).quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    first_pixels = np.asarray(first).copy() + 1  # shift indices so 0 is free for transparency
    first_pixels[:40, :40] = 0
    palette = [0, 0, 0] + first.getpalette()[: 255 * 3]
    first = Image.fromarray(first_pixels.astype(np.uint8), mode="P")
    first.putpalette(palette)
    second = ImageOps.invert(astronaut_face(200, 160)).quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    return encode(
        first, "GIF", save_all=True, append_images=[second], transparency=0, duration=200, loop=0, disposal=2
    )


def gif_offset_frame() -> bytes:
    """A first frame smaller than the logical screen, at an offset: PIL shows it on a screen-sized canvas
    filled with the frame's transparent index (here a distinctive green)."""
    frame = astronaut_face(120, 90).quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    pixels = np.asarray(frame).astype(np.uint8) + 1
    indexed = Image.fromarray(pixels, mode="P")
    indexed.putpalette([20, 200, 40] + frame.getpalette()[: 255 * 3])
    gif = bytearray(encode(indexed, "GIF", transparency=0, optimize=False))
    flags = gif[10]
    position = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while gif[position] == 0x21:  # skip extension blocks up to the image descriptor
        position += 2
        while gif[position]:
            position += gif[position] + 1
        position += 1
    if gif[position] != 0x2C:
        raise SystemExit("FAIL: no image descriptor where expected in the offset-frame GIF")
    gif[6:10] = struct.pack("<HH", 200, 150)
    gif[position + 1:position + 5] = struct.pack("<HH", 37, 21)
    return bytes(gif)


# Lossless variants share one picture, so every decoder must reproduce the same RGB bytes
# (make_goldens.py then stores their goldens once).
def shared_rgb() -> Image.Image:
    return chelsea(200, 150)


def shared_gray() -> Image.Image:
    return coffee(200, 150).convert("L")


def la_image() -> Image.Image:
    return Image.merge("LA", (shared_gray(), alpha_ramp(200, 150)))


def rgba_image() -> Image.Image:
    rgba = shared_rgb().convert("RGBA")
    rgba.putalpha(alpha_ramp(200, 150))
    return rgba


def gray16_image() -> Image.Image:
    return Image.fromarray(to_16bit(shared_gray()))  # uint16 array -> mode I;16


def gray16_ramp_image() -> Image.Image:
    """160x120 16-bit grey, value 3x + y (0 to 596): PIL's I;16 -> RGB keeps 0..255 as they are and clips
    the rest to 255, so the golden has real gradation (unlike gray16_image, whose 257x values all clip)
    and values just above 255 (256, 257, ...) that a low-byte or shifted read would get wrong."""
    yy, xx = np.mgrid[0:120, 0:160]
    return Image.fromarray((3 * xx + yy).astype(np.uint16))


def gray_alpha16() -> bytes:
    """160x120 16-bit grey + alpha. PIL opens it as LA from the high bytes (LA;16B); the low bytes are
    set to 255 - high so that clipping or reading the low byte gives a visibly different picture."""
    gray = np.asarray(coffee(160, 120).convert("L")).astype(np.uint16)
    alpha = np.asarray(alpha_ramp(160, 120)).astype(np.uint16)
    return png_gray_alpha16((gray << 8) | (255 - gray), (alpha << 8) | (255 - alpha))


def image_fixtures() -> dict[str, bytes]:
    """File name -> encoded bytes. Names state format, mode and the edge case covered."""
    return {
        "jpeg-baseline-420.jpg": jpeg(astronaut_face(320, 240)),
        "jpeg-progressive.jpg": jpeg(chelsea(300, 200), progressive=True),
        "jpeg-444.jpg": jpeg(coffee(300, 200), subsampling=0),
        "jpeg-gray.jpg": jpeg(astronaut_face(240, 240).convert("L")),
        "jpeg-cmyk.jpg": jpeg(chelsea(240, 160).convert("CMYK")),
        **{f"jpeg-exif-orientation-{o}.jpg": jpeg_with_orientation(o) for o in range(1, 9)},
        "png-exif-orientation-5.png": png_with_orientation(5),
        "png-exif-orientation-6.png": png_with_orientation(6),
        "png-exif-after-idat-orientation-8.png": png_with_orientation_after_idat(8),
        "webp-exif-orientation-7.webp": webp_with_orientation(7),
        "webp-exif-header-intel-orientation-3.webp": webp_with_exif_header_orientation(3),
        "jpeg-odd-225x223.jpg": jpeg(astronaut_face(225, 223)),
        "png-rgb.png": encode(shared_rgb(), "PNG"),
        "png-rgba.png": encode(rgba_image(), "PNG"),
        "png-gray.png": encode(shared_gray(), "PNG"),
        "png-gray-16bit.png": encode(gray16_image(), "PNG"),
        "png-gray-16bit-ramp.png": encode(gray16_ramp_image(), "PNG"),
        "png-gray-alpha-16bit.png": gray_alpha16(),
        "png-rgb-16bit.png": png_rgb16(to_16bit(shared_rgb())),
        "png-1bit.png": encode(astronaut_face(200, 200).convert("1"), "PNG"),
        "png-palette.png": encode(palette_image(), "PNG"),
        "png-palette-trns.png": palette_with_trns(),
        "png-la.png": encode(la_image(), "PNG"),
        "gif-transparent-2frames.gif": animated_gif(),
        "gif-offset-frame.gif": gif_offset_frame(),
        "bmp-24bit.bmp": encode(shared_rgb(), "BMP"),
        "webp-lossless.webp": encode(shared_rgb(), "WEBP", lossless=True),
        "webp-lossy.webp": encode(chelsea(240, 160), "WEBP", quality=80, method=4),
        "png-noise-200x200.png": encode(noise(200, 200, seed=1), "PNG"),
        "png-gradient-300x200.png": encode(gradient(300, 200), "PNG"),
        "png-tiny-16x16.png": encode(astronaut_face(256, 256).resize((16, 16), Image.Resampling.BOX), "PNG"),
        "png-wide-1000x40.png": encode(gradient(1000, 40), "PNG"),
        "png-tall-40x1000.png": encode(gradient(40, 1000), "PNG"),
        "png-odd-225x223.png": encode(shapes(225, 223), "PNG"),
        "png-1x1.png": encode(Image.new("RGB", (1, 1), (200, 30, 90)), "PNG"),
        "png-224x224.png": encode(shapes(224, 224), "PNG"),
        "png-256x256.png": encode(shapes(256, 256), "PNG"),
        "png-224x300.png": encode(shapes(224, 300), "PNG"),
    }


# ---------------------------------------------------------------- bad inputs


def png_declaring(width: int, height: int) -> bytes:
    """Valid PNG structure whose IHDR declares a huge RGB canvas; IDAT holds one zero row."""
    one_row = b"\x00" * (1 + 3 * width)
    return (
        png_header(width, height, 8, 2)
        + png_chunk(b"IDAT", zlib.compress(one_row, 9))
        + png_chunk(b"IEND", b"")
    )


def gif_bomb() -> bytes:
    """GIF89a: 65535x65535 logical screen and frame, 2-colour table, LZW 'clear, 0, end'."""
    screen = struct.pack("<HHBBB", 65535, 65535, 0x80, 0, 0)  # global colour table, 2 entries
    colours = b"\x00\x00\x00\xff\xff\xff"
    descriptor = b"\x2c" + struct.pack("<HHHHB", 0, 0, 65535, 65535, 0)
    # Min code size 2 -> 3-bit codes, LSB first: clear(4), pixel(0), end(5) = bytes 0x44 0x01.
    lzw = b"\x02" + b"\x02\x44\x01" + b"\x00"
    return b"GIF89a" + screen + colours + descriptor + lzw + b"\x3b"


def iso_bmff_ftyp(major: bytes, compatible: list[bytes]) -> bytes:
    """An ISO-BMFF 'ftyp' box followed by an empty 'meta' full box header: enough to sniff."""
    payload = major + struct.pack(">I", 0) + b"".join(compatible)
    ftyp = struct.pack(">I", 8 + len(payload)) + b"ftyp" + payload
    meta = struct.pack(">I", 12) + b"meta" + b"\x00\x00\x00\x00"
    return ftyp + meta


SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
  <rect width="64" height="64" fill="#3a7"/>
  <circle cx="32" cy="32" r="20" fill="#fff"/>
</svg>
"""

BAD_README = """# Inputs that must be rejected

Written by `model/make_fixtures.py`; none of these is a decodable raster image.

| File | What it is | Expected handling |
|------|------------|-------------------|
| `zero-bytes.jpg` | empty file | reject: empty object |
| `text.jpg` | plain UTF-8 text with a `.jpg` name | reject: not an image (sniff bytes, not the extension) |
| `truncated.jpg` | first half of `images/jpeg-baseline-420.jpg` (no EOI marker) | reject: truncated / corrupt |
| `truncated.png` | first half of `images/png-rgb.png` (IDAT cut, no IEND) | reject: truncated / corrupt |
| `png-100000x100000.png` | valid signature, IHDR 100000x100000 RGB 8-bit (correct CRCs), one-row IDAT, IEND | reject from the header, before allocating (30 GB canvas) |
| `gif-bomb.gif` | GIF89a, logical screen and image descriptor 65535x65535, 2-colour table, 3-code LZW stream | reject from the header, before allocating |
| `image.svg` | 64x64 SVG (vector, XML) | reject: unsupported format |
| `heic.heic` | ISO-BMFF `ftyp` box, major brand `heic` (compatible `mif1`, `heic`) + empty `meta` box | reject: unsupported format (sniffable as HEIC) |
| `avif.avif` | ISO-BMFF `ftyp` box, major brand `avif` (compatible `mif1`, `miaf`, `avif`) + empty `meta` box | reject: unsupported format (sniffable as AVIF) |
"""


def bad_fixtures(images: dict[str, bytes]) -> dict[str, bytes]:
    baseline = images["jpeg-baseline-420.jpg"]
    png = images["png-rgb.png"]
    return {
        "zero-bytes.jpg": b"",
        "text.jpg": b"This is not a JPEG, just text with a .jpg name.\n",
        "truncated.jpg": baseline[: len(baseline) // 2],
        "truncated.png": png[: len(png) // 2],
        "png-100000x100000.png": png_declaring(100_000, 100_000),
        "gif-bomb.gif": gif_bomb(),
        "image.svg": SVG,
        "heic.heic": iso_bmff_ftyp(b"heic", [b"mif1", b"heic"]),
        "avif.avif": iso_bmff_ftyp(b"avif", [b"mif1", b"miaf", b"avif"]),
        "README.md": BAD_README.encode(),
    }


# ---------------------------------------------------------------- checks and main


def check_images(folder: Path, names: list[str]) -> None:
    """Every image must decode fully with PIL; EXIF fixtures must come out upright (landscape)."""
    for name in names:
        with Image.open(folder / name) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            expected = UPRIGHT_SIZE_JPEG if name.startswith("jpeg") else UPRIGHT_SIZE_OTHER
            if "orientation" in name and upright.size != expected:
                raise SystemExit(f"FAIL: {name} decodes to {upright.size} after exif_transpose, expected {expected}")
            named = re.search(r"orientation-(\d)\.", name)
            if named and image.getexif().get(EXIF_ORIENTATION_TAG, 1) != int(named.group(1)):
                raise SystemExit(f"FAIL: {name}: PIL reads orientation {image.getexif().get(EXIF_ORIENTATION_TAG)}")
            print(f"  {name:32s} {image.format:5s} {image.mode:6s} {image.size[0]}x{image.size[1]}")
    total = sum((folder / name).stat().st_size for name in names)
    print(f"  total {total} bytes")
    if total > IMAGES_BUDGET_BYTES:
        raise SystemExit(f"FAIL: images take {total} bytes, budget is {IMAGES_BUDGET_BYTES}")


def write_all(folder: Path, files: dict[str, bytes]) -> None:
    """Replace the folder's files with exactly these (stale fixtures would otherwise linger)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        stale.unlink()
    for name, content in files.items():
        (folder / name).write_bytes(content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=FIXTURES, help="fixtures root (default: %(default)s)")
    args = parser.parse_args()

    images = image_fixtures()
    write_all(args.out / "images", images)
    write_all(args.out / "bad", bad_fixtures(images))
    print(f"images in {args.out / 'images'}:")
    check_images(args.out / "images", sorted(images))
    return 0


if __name__ == "__main__":
    sys.exit(main())
