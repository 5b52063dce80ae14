#!/usr/bin/env python3
"""Write the hostile-input corpus: small files that try to make a decoder spend unbounded time or memory.

Writes src/test/resources/fixtures/hostile/ (or --out) and its README.md. Every file is under 1 MB and
within the byte and pixel limits that existed before the decoder bounded scans, dimensions, aspect
ratios, BMP headers, PNG chunk lengths and WebP frames. HostileInputTest runs each through the decoder in a JVM with a
256 MB heap and wants an answer (a refusal or a verdict) in under 2 s.

Everything is deterministic: re-running produces byte-identical files.

Example:
    python model/make_hostile.py
"""

import argparse
import io
import struct
import sys
import zlib
from pathlib import Path

from PIL import Image

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT = REPO_ROOT / "src" / "test" / "resources" / "fixtures" / "hostile"
FILE_BUDGET_BYTES = 1024 * 1024


# ---------------------------------------------------------------- JPEG


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, whole segment bytes) up to and including EOI; a SOS segment carries its entropy-coded data."""
    segments = []
    pos = 2
    while pos < len(data):
        assert data[pos] == 0xFF, pos
        marker = data[pos + 1]
        if marker == 0xD9:
            segments.append((marker, data[pos:pos + 2]))
            break
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        end = pos + 2 + length
        if marker == 0xDA:
            while not (data[end] == 0xFF and data[end + 1] != 0 and not 0xD0 <= data[end + 1] <= 0xD7):
                end += 1
        segments.append((marker, data[pos:end]))
        pos = end
    return segments


def progressive_with_repeated_scans(scans: int) -> bytes:
    """2048x2048 grey progressive JPEG whose first AC scan is repeated: libjpeg warns and goes on, and the
    JDK's reader redraws the whole image after every scan."""
    image = Image.new("L", (2048, 2048), 128)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", progressive=True, quality=75)
    segments = jpeg_segments(buffer.getvalue())
    sos = [i for i, (marker, _) in enumerate(segments) if marker == 0xDA]
    first_ac = sos[1]
    repeated = segments[first_ac][1] * (scans - 1)
    head = b"".join(s for _, s in segments[:first_ac + 1])
    tail = b"".join(s for _, s in segments[first_ac + 1:])
    return b"\xff\xd8" + head + repeated + tail


def jpeg_declaring(width: int, height: int) -> bytes:
    """A baseline grey JPEG whose frame header is patched to declare another size (no pixel data to match)."""
    data = bytearray(encode(Image.new("L", (8, 8), 90), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def cmyk_jpeg(adobe_transform: int | None) -> bytes:
    """CMYK JPEG from PIL (Adobe marker, transform 0), with the transform patched (2: YCCK) or the marker dropped."""
    data = bytearray(encode(Image.new("CMYK", (64, 48), (10, 200, 30, 40)), "JPEG", quality=90))
    adobe = data.index(b"\xff\xeeAdobe") if b"\xff\xeeAdobe" in data else -1
    if adobe < 0:
        return bytes(data)
    if adobe_transform is None:
        length = struct.unpack(">H", data[adobe + 2:adobe + 4])[0]
        del data[adobe:adobe + 2 + length]
    else:
        data[adobe + 15] = adobe_transform
    return bytes(data)


def exif_jpeg(tiff: bytes) -> bytes:
    data = encode(Image.new("RGB", (32, 24), (200, 40, 40)), "JPEG")
    app1 = b"Exif\x00\x00" + tiff
    return data[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + data[2:]


def tiff_with_bogus_offsets() -> bytes:
    """IFD0 offset past the end of the segment."""
    return b"MM\x00\x2a" + struct.pack(">I", 0x7FFFFFF0)


def tiff_with_ifd_loop() -> bytes:
    """IFD0 declares 65535 entries (far beyond the segment) and its next-IFD offset points at itself."""
    return b"II\x2a\x00" + struct.pack("<I", 8) + struct.pack("<H", 0xFFFF) + struct.pack("<HHII", 0x0112, 3, 1, 6) \
        + struct.pack("<I", 8)


# ---------------------------------------------------------------- PNG


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)


def png(width: int, height: int, bit_depth: int, color_type: int, rows: bytes, extra: list[bytes] = ()) -> bytes:
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + b"".join(extra) + png_chunk(b"IDAT", zlib.compress(rows, 9)) \
        + png_chunk(b"IEND", b"")


def png_wide(width: int) -> bytes:
    """8-bit grey, width x 1: within max-pixels, yet Pillow's resize would need coefficient tables for
    every source column."""
    return png(width, 1, 8, 0, b"\x00" + bytes(width))


def zlib_bomb(inflated: int) -> bytes:
    compressor = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    out = [compressor.compress(chunk) for _ in range(inflated >> 20)]
    return b"".join(out) + compressor.flush()


def palette_png_with(chunk: bytes) -> bytes:
    """A 16x16 palette PNG: for palette images the JDK's reader reads metadata chunks before the pixels."""
    palette = png_chunk(b"PLTE", bytes([0, 0, 0, 255, 255, 255]))
    rows = b"".join(b"\x00" + bytes(16) for _ in range(16))
    return png(16, 16, 8, 3, rows, [palette, chunk])


def idat_bomb(side: int) -> bytes:
    """side x side grey, all zeros: side^2 bytes of pixels from about a thousandth of that."""
    return png(side, side, 8, 0, (b"\x00" + bytes(side)) * side)


def png_huge_chunk_length() -> bytes:
    """A tEXt chunk whose length field says 2 GB."""
    data = png(4, 4, 8, 0, (b"\x00" + bytes(4)) * 4)
    iend = data.index(b"IDAT") - 4
    return data[:iend] + struct.pack(">I", 0x7FFFFFF0) + b"tEXt" + b"x" * 16 + data[iend:]


# ---------------------------------------------------------------- GIF


def gif_many_frames(frames: int) -> bytes:
    one = io.BytesIO()
    Image.new("P", (16, 16), 1).save(one, "GIF")
    single = one.getvalue()
    descriptor = single.index(b"\x2c")
    frame = b"\x21\xf9\x04\x00\x01\x00\x00\x00" + single[descriptor:-1]
    return single[:descriptor] + frame * frames + b"\x3b"


def gif_huge_frames(frames: int, width: int, height: int) -> bytes:
    """Logical screen and every frame width x height, each frame's LZW data 'clear, 0, end': a few bytes a frame."""
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + bytes(6)
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00"
    return screen + frame * frames + b"\x3b"


def apng_declaring(frames: int, side: int) -> bytes:
    """side x side RGB APNG whose acTL declares the given frame count; one 1x1 frame of data follows."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
    actl = png_chunk(b"acTL", struct.pack(">II", frames, 0))
    fctl = png_chunk(b"fcTL", struct.pack(">IIIIIHHBB", 0, 1, 1, 0, 0, 1, 10, 0, 0))
    idat = png_chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
    return b"\x89PNG\r\n\x1a\n" + header + actl + fctl + idat + png_chunk(b"IEND", b"")


def gif_frame_beyond_screen() -> bytes:
    """Logical screen 16x16; the first frame's descriptor says 60000x600 at offset 60000,60000."""
    data = bytearray(gif_many_frames(1))
    descriptor = data.index(b"\x2c")
    data[descriptor + 1:descriptor + 9] = struct.pack("<HHHH", 60000, 60000, 60000, 600)
    return bytes(data)


# ---------------------------------------------------------------- BMP


def bmp(width: int, height: int, bits: int, compression: int, payload: bytes, image_size: int | None = None,
        palette: bytes = b"", data_offset: int | None = None) -> bytes:
    offset = 14 + 40 + len(palette) if data_offset is None else data_offset
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bits, compression,
                       len(payload) if image_size is None else image_size, 2835, 2835, len(palette) // 4, 0)
    header = b"BM" + struct.pack("<IHHI", 14 + 40 + len(palette) + len(payload), 0, 0, offset)
    return header + info + palette + payload


def bmp_embedding(encoded: bytes, compression: int) -> bytes:
    """BMP header says 1x1; the pixel data is a whole JPEG (4) or PNG (5) of another size."""
    return bmp(1, 1, 0, compression, encoded)


def big_png_1bit(width: int, height: int) -> bytes:
    row = b"\x00" + bytes((width + 7) // 8)
    return png(width, height, 1, 0, row * height)


# ---------------------------------------------------------------- WebP


def riff_chunk(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) % 2 else b"")


def webp(chunks: list[bytes]) -> bytes:
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def vp8l_frame() -> bytes:
    """The VP8L chunk's payload of a 4x4 lossless WebP from PIL (which writes a simple-format file)."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (1, 2, 3)).save(buffer, "WEBP", lossless=True)
    data = buffer.getvalue()
    assert data[12:16] == b"VP8L", data[12:16]
    return data[20:20 + int.from_bytes(data[16:20], "little")]


def vp8x(width: int, height: int, flags: int = 0) -> bytes:
    return riff_chunk(b"VP8X", bytes([flags, 0, 0, 0]) + (width - 1).to_bytes(3, "little")
                      + (height - 1).to_bytes(3, "little"))


def vp8l_declaring(width: int, height: int) -> bytes:
    """A VP8L chunk whose header declares width x height (14 bits each) over the 4x4 image's bitstream."""
    frame = bytearray(vp8l_frame())
    bits = (width - 1) | ((height - 1) << 14) | (int.from_bytes(frame[1:5], "little") & ~((1 << 28) - 1))
    frame[1:5] = bits.to_bytes(4, "little")
    return bytes(frame)


# ---------------------------------------------------------------- corpus


def encode(image: Image.Image, format_name: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format_name, **options)
    return buffer.getvalue()


def hostile_files() -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, what it is and what the decoder must do)."""
    ztxt = png_chunk(b"zTXt", b"Comment\x00\x00" + zlib_bomb(200 << 20))
    iccp = png_chunk(b"iCCP", b"bomb\x00\x00" + zlib_bomb(200 << 20))
    embedded_png = big_png_1bit(20000, 20000)
    return {
        "jpeg-progressive-3000-scans.jpg": (progressive_with_repeated_scans(3000),
            "2048x2048 grey progressive JPEG, first AC scan repeated 3000 times | refuse: more than max-jpeg-scans"),
        "jpeg-progressive-30000-scans.jpg": (progressive_with_repeated_scans(30000),
            "the same with 30000 scans | refuse: more than max-jpeg-scans"),
        "jpeg-65500x65500.jpg": (jpeg_declaring(65500, 65500),
            "frame header declares 65500x65500 | refuse from the header: max-dimension, max-pixels"),
        "jpeg-30000x1.jpg": (jpeg_declaring(30000, 1),
            "frame header declares 30000x1 | refuse from the header: max-dimension"),
        "jpeg-10000x8.jpg": (jpeg_declaring(10000, 8),
            "frame header declares 10000x8 (aspect 1250) | refuse from the header: max-aspect-ratio"),
        "jpeg-ycck.jpg": (cmyk_jpeg(2), "CMYK JPEG whose Adobe marker says YCCK (transform 2) | answered"),
        "jpeg-cmyk-no-adobe.jpg": (cmyk_jpeg(None), "four-channel JPEG without an Adobe marker | answered"),
        "jpeg-exif-offset-past-end.jpg": (exif_jpeg(tiff_with_bogus_offsets()),
            "EXIF IFD0 offset 0x7FFFFFF0 | answered (orientation ignored)"),
        "jpeg-exif-ifd-loop.jpg": (exif_jpeg(tiff_with_ifd_loop()),
            "EXIF IFD0 declares 65535 entries, next IFD points at itself | answered"),
        "bmp-embedded-jpeg.bmp": (bmp_embedding(encode(Image.new("L", (2000, 2000), 7), "JPEG"), 4),
            "BMP header 1x1, compression 4: a 2000x2000 JPEG inside | refuse: compression Pillow refuses"),
        "bmp-embedded-png-20000x20000.bmp": (bmp_embedding(embedded_png, 5),
            "BMP header 1x1, compression 5: a 20000x20000 PNG inside | refuse: compression Pillow refuses"),
        "bmp-image-size-2gb.bmp": (bmp(1, 1, 8, 1, b"\x01\x00\x00\x01", image_size=0x7FFFFFF0, palette=bytes(64)),
            "1x1 RLE8 BMP whose imageSize says 2 GB (the JDK allocates it) | refuse: header beyond the file"),
        "bmp-data-offset-2gb.bmp": (bmp(1, 1, 8, 0, b"\x00\x00\x00\x00", palette=bytes(64), data_offset=0x7FFFFFF0),
            "1x1 BMP whose pixel data offset says 2 GB (the JDK sizes its palette from it) | refuse: header beyond the file"),
        "png-40000000x1.png": (png_wide(40_000_000),
            "8-bit grey 40000000x1, within max-pixels | refuse from the header: max-dimension"),
        "png-ztxt-bomb.png": (palette_png_with(ztxt),
            "16x16 palette PNG with a zTXt chunk inflating to 200 MB | answered: the JDK reader skips it"),
        "png-iccp-bomb.png": (palette_png_with(iccp),
            "16x16 palette PNG with an iCCP profile inflating to 200 MB | answered: the JDK reader skips it"),
        "png-idat-bomb-2000x2000.png": (idat_bomb(2000),
            "2000x2000 grey zeros, 4 MB of pixels from 4 KB, within the limits | answered"),
        "png-idat-bomb-16000x16000.png": (idat_bomb(16000),
            "16000x16000 grey zeros, 256 MB of pixels from 250 KB | refuse from the header: max-pixels"),
        "png-chunk-length-2gb.png": (png_huge_chunk_length(),
            "a tEXt chunk whose length says 2 GB | refuse: corrupt"),
        "gif-5000-frames.gif": (gif_many_frames(5000),
            "16x16, 5000 frames | refuse while counting frames: max-frames"),
        "gif-50-frames-16000x2400.gif": (gif_huge_frames(50, 16000, 2400),
            "50 frames of 16000x2400 (each within max-pixels), a few bytes each | refuse from the headers: max-total-pixels"),
        "apng-acTL-2147483648-frames.png": (apng_declaring(0x80000000, 6000),
            "6000x6000 APNG whose acTL declares 2^31 frames | refuse from the headers: max-frames"),
        "gif-frame-beyond-screen.gif": (gif_frame_beyond_screen(),
            "screen 16x16, first frame 60000x600 at 60000,60000 | refuse from the header: max-dimension"),
        "webp-vp8x-huge-canvas.webp": (webp([vp8x(16_777_216, 16_777_216), riff_chunk(b"VP8L", vp8l_frame())]),
            "VP8X canvas 16777216x16777216 around a 4x4 frame | refuse from the header"),
        "webp-frame-beyond-canvas.webp": (webp([vp8x(4, 4), riff_chunk(b"VP8L", vp8l_declaring(6000, 6000))]),
            "VP8X canvas 4x4, VP8L frame declares 6000x6000 | refuse from the header: frame beyond the canvas"),
    }


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, (content, description) in sorted(hostile_files().items()):
        if len(content) >= FILE_BUDGET_BYTES:
            raise SystemExit(f"{name} has {len(content)} bytes; each hostile file must stay under 1 MB")
        (folder / name).write_bytes(content)
        what, expected = description.split(" | ")
        rows.append(f"| `{name}` | {len(content)} | {what} | {expected} |")
    (folder / "README.md").write_text(
        "# Hostile inputs\n\n"
        "Written by `model/make_hostile.py`. Each must be answered (a refusal or a verdict) within the\n"
        "decode limits, in bounded time and memory (`HostileInputTest`, 256 MB heap, 2 s per file).\n\n"
        "| File | Bytes | What it is | Expected handling |\n|------|------:|------------|-------------------|\n"
        + "\n".join(rows) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    write(parser.parse_args().out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
