#!/usr/bin/env python3
"""Write the golden fixtures for the Java port of Pillow's resize (PillowResizeTest).

For a fixed set of RGB inputs (seeded noise, gradients, and mixes of both) this runs
``Image.resize((w, h), resample=f)`` for every filter and several targets per input
(down, up, one axis unchanged, extreme aspect, 1x1), and writes into
src/test/resources/fixtures/resize/:

* in_<name>.png                    the input images
* out_<name>_<w>x<h>_<filter>.png  Pillow's result
* index.json                       Pillow/numpy versions and the list of cases

PNG is lossless, so the Java test compares decoded bytes one for one. Everything is
deterministic: re-running produces the same pixels.

Example:
    /work/venv/bin/python model/make_resize_goldens.py
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import PIL
from PIL import Image

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "src" / "test" / "resources" / "fixtures" / "resize"
BUDGET_BYTES = 1_500_000
SEED = 20240611

FILTERS = {
    "NEAREST": Image.Resampling.NEAREST,
    "BOX": Image.Resampling.BOX,
    "BILINEAR": Image.Resampling.BILINEAR,
    "HAMMING": Image.Resampling.HAMMING,
    "BICUBIC": Image.Resampling.BICUBIC,
    "LANCZOS": Image.Resampling.LANCZOS,
}


def noise(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    return rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)


def gradient(width: int, height: int) -> np.ndarray:
    """Red ramps left to right, green top to bottom, blue along the diagonal."""
    x = np.linspace(0, 255, width)[None, :]
    y = np.linspace(0, 255, height)[:, None]
    r = np.broadcast_to(x, (height, width))
    g = np.broadcast_to(y, (height, width))
    b = (r + g) / 2
    return np.stack([r, g, b], axis=-1).round().astype(np.uint8)


def photo_like(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """Gradient with hard-edged blocks (ringing for Lanczos/bicubic, clipping at 0 and 255)
    and some noise; compresses far better than pure noise, which keeps large goldens small."""
    image = gradient(width, height).astype(np.int16)
    image[height // 4 : height // 2, width // 5 : width // 2] = (255, 255, 255)
    image[height // 2 : 3 * height // 4, width // 2 : 4 * width // 5] = (0, 0, 0)
    image[:, width // 3 : width // 3 + 2] = (255, 0, 0)
    # Noise in one quadrant only: enough to exercise rounding, cheap for PNG elsewhere.
    quadrant = image[: height // 2, : width // 2]
    quadrant += rng.integers(-8, 9, size=quadrant.shape, dtype=np.int16)
    return image.clip(0, 255).astype(np.uint8)


def build_inputs(rng: np.random.Generator) -> list[tuple[str, np.ndarray, list[tuple[int, int]]]]:
    """(name, pixels, targets). Targets cover down, up, one axis unchanged and extreme aspect."""
    return [
        ("1x1_noise", noise(rng, 1, 1), [(1, 1), (3, 2), (7, 1)]),
        ("7x5_noise", noise(rng, 7, 5), [(3, 2), (1, 1), (16, 11), (7, 9), (4, 5), (2, 13)]),
        ("17x31_noise", noise(rng, 17, 31), [(5, 9), (17, 12), (9, 31), (40, 50), (33, 7), (1, 1)]),
        ("64x64_noise", noise(rng, 64, 64), [(32, 32), (21, 21), (64, 30), (45, 64), (100, 100)]),
        ("64x64_gradient", gradient(64, 64), [(224, 224), (13, 17)]),
        ("225x223_photo", photo_like(rng, 225, 223), [(224, 224), (112, 112), (225, 60), (40, 223)]),
        ("300x40_noise", noise(rng, 300, 40), [(96, 96), (75, 40), (300, 13), (31, 7)]),
        ("1000x40_photo", photo_like(rng, 1000, 40), [(224, 224), (100, 4), (1000, 17)]),
        # Taller than 100x its width: Image.resize takes its height-first branch when shrinking.
        ("3x400_noise", noise(rng, 3, 400), [(2, 50), (3, 100), (5, 30), (7, 600)]),
    ]


def save_png(pixels: np.ndarray, path: Path) -> None:
    Image.fromarray(pixels, mode="RGB").save(path, format="PNG", optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for stale in list(out.glob("*.png")) + list(out.glob("index.json")):
        stale.unlink()

    rng = np.random.default_rng(SEED)
    cases = []
    for name, pixels, targets in build_inputs(rng):
        height, width = pixels.shape[:2]
        input_file = f"in_{name}.png"
        save_png(pixels, out / input_file)
        source = Image.fromarray(pixels, mode="RGB")
        for target_width, target_height in targets:
            for filter_name, resample in FILTERS.items():
                result = source.resize((target_width, target_height), resample=resample)
                assert result.mode == "RGB" and result.size == (target_width, target_height)
                expected_file = f"out_{name}_{target_width}x{target_height}_{filter_name}.png"
                save_png(np.asarray(result), out / expected_file)
                cases.append(
                    {
                        "input": input_file,
                        "width": width,
                        "height": height,
                        "targetWidth": target_width,
                        "targetHeight": target_height,
                        "filter": filter_name,
                        "expected": expected_file,
                    }
                )

    index = {
        "generator": "model/make_resize_goldens.py",
        "pillowVersion": PIL.__version__,
        "numpyVersion": np.__version__,
        "seed": SEED,
        "cases": cases,
    }
    # One case per line: small, and diffs stay readable when goldens are regenerated.
    header = json.dumps({k: v for k, v in index.items() if k != "cases"})[:-1]
    lines = ",\n  ".join(json.dumps(case, separators=(",", ":")) for case in cases)
    (out / "index.json").write_text(f'{header}, "cases": [\n  {lines}\n]}}\n')

    total = sum(f.stat().st_size for f in out.iterdir() if f.is_file())
    print(f"{len(cases)} cases, {total} bytes in {out}")
    if total > BUDGET_BYTES:
        print(f"fixtures exceed the {BUDGET_BYTES} byte budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
