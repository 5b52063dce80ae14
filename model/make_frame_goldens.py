#!/usr/bin/env python3
"""Write the animated fixtures (GIF, APNG, animated WebP) and their per-frame goldens.

Each file is composed with Pillow (save_all, append_images, per-frame durations, disposal, blend, transparency).
The goldens are what a viewer shows, as Pillow is the reference for it: for every frame, Image.seek(n) then
convert("RGB"), recorded as the SHA-256 of the RGB bytes, and the Hugging Face pipeline's logits on that frame
(the stand-ins' slow PIL image processor and PyTorch weights, as make_goldens.py computes them, cross-checked
against model.onnx in ONNX Runtime and against transformers.pipeline).

The "attack" files show a real photo first, for 20 ms, and a fake for 2 s after it: under the DeiT stand-in
frame 0 is labelled Real and a later frame is the most fake. The script fails if a fixture stops saying so.

Output (default src/test/resources/fixtures/frames/): the files and goldens.json.

Example:
    python model/make_frame_goldens.py
"""

import argparse
import hashlib
import io
import json
import sys
from pathlib import Path

import numpy as np
import PIL
from PIL import Image, ImageOps, PngImagePlugin
from transformers import pipeline
from transformers.pipelines.image_classification import softmax

import export
import make_fixtures as pictures
import make_goldens

OUT = make_goldens.FIXTURES / "frames"
MODEL = make_goldens.FIXTURES / "models" / "deit-tiny-standin"
WIDTH, HEIGHT = 96, 72
ATTACK_DURATIONS = [20, 2000, 2000]


def real() -> Image.Image:
    return pictures.chelsea(WIDTH, HEIGHT)


def fake() -> Image.Image:
    return ImageOps.invert(pictures.coffee(WIDTH, HEIGHT))


def other() -> Image.Image:
    return pictures.astronaut_face(WIDTH, HEIGHT)


def with_hole(image: Image.Image, box: tuple[int, int, int, int], alpha: int) -> Image.Image:
    """RGBA copy whose box has the given alpha (0: a hole, in between: see-through)."""
    rgba = image.convert("RGBA")
    mask = Image.new("L", rgba.size, 255)
    mask.paste(alpha, box)
    rgba.putalpha(mask)
    return rgba


def encode(first: Image.Image, format_name: str, rest: list[Image.Image], **options) -> bytes:
    buffer = io.BytesIO()
    first.save(buffer, format_name, save_all=True, append_images=rest, **options)
    return buffer.getvalue()


def fixtures() -> dict[str, tuple[bytes, str, bool]]:
    """name -> (bytes, what it exercises, attack: frame 0 real and a later frame the most fake)."""
    transparent_frames = [
        with_hole(real(), (0, 0, 30, 20), 0),
        with_hole(fake(), (20, 10, 70, 50), 0),
        with_hole(other(), (40, 30, 96, 72), 0),
        with_hole(fake(), (0, 40, 50, 72), 0),
    ]
    see_through = [
        with_hole(real(), (0, 0, 40, 30), 0),
        with_hole(fake(), (10, 10, 60, 50), 96),
        with_hole(other(), (30, 20, 90, 70), 160),
        with_hole(fake(), (0, 0, 96, 36), 0),
    ]
    return {
        "gif-real-then-fake.gif": (
            encode(real(), "GIF", [fake(), other()], duration=ATTACK_DURATIONS, loop=0),
            "three photos, each with its own colour table; Pillow crops later frames to what changed", True),
        "gif-disposal-transparency.gif": (
            encode(transparent_frames[0], "GIF", transparent_frames[1:], duration=[20, 2000, 500, 500], loop=0,
                   disposal=[2, 3, 1, 0], optimize=False),
            "transparent holes, disposal to background, to previous, none and unspecified", True),
        "apng-real-then-fake.png": (
            encode(real(), "PNG", [fake(), other()], duration=ATTACK_DURATIONS, loop=0),
            "RGB APNG, every frame drawn over the one before", True),
        "apng-rgba-blend-dispose.png": (
            encode(see_through[0], "PNG", see_through[1:], duration=[20, 2000, 500, 500], loop=0,
                   disposal=[PngImagePlugin.Disposal.OP_PREVIOUS, PngImagePlugin.Disposal.OP_NONE,
                             PngImagePlugin.Disposal.OP_BACKGROUND, PngImagePlugin.Disposal.OP_PREVIOUS],
                   blend=[PngImagePlugin.Blend.OP_SOURCE, PngImagePlugin.Blend.OP_OVER,
                          PngImagePlugin.Blend.OP_OVER, PngImagePlugin.Blend.OP_SOURCE]),
            "RGBA APNG, see-through alpha blended over, disposal to previous and to background", True),
        "apng-default-image.png": (
            encode(real(), "PNG", [fake(), other()], duration=[2000, 2000], loop=0, default_image=True),
            "the IDAT default image (a real photo) is not part of the animation; Pillow shows it as frame 0", True),
        "webp-lossless-real-then-fake.webp": (
            encode(real(), "WEBP", [fake(), other()], duration=ATTACK_DURATIONS, loop=0, lossless=True),
            "lossless animated WebP, opaque frames", True),
        "webp-lossless-alpha.webp": (
            encode(see_through[0], "WEBP", see_through[1:], duration=[20, 2000, 500, 500], loop=0, lossless=True),
            "lossless animated WebP, see-through frames blended by libwebp's animation decoder", False),
        # the astronaut, not the cat: TwelveMonkeys 3.14 decodes this cat crop's VP8 bitstream to wrong colours
        "webp-lossy-real-then-fake.webp": (
            encode(other(), "WEBP", [fake()], duration=ATTACK_DURATIONS[:2], loop=0, quality=90),
            "lossy animated WebP (not bit-exact: the VP8 decoders differ)", True),
    }


def frames_of(content: bytes) -> list[Image.Image]:
    """Every frame as a viewer shows it, by Pillow: seek(n), then convert("RGB")."""
    with Image.open(io.BytesIO(content)) as image:
        out = []
        for index in range(image.n_frames):
            image.seek(index)
            out.append(image.convert("RGB"))
        return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT, help="default: %(default)s")
    parser.add_argument("--atol", type=float, default=1e-4, help="PyTorch vs ORT logits (default: %(default)s)")
    args = parser.parse_args()

    model, processor = make_goldens.load_torch_model(MODEL), export.load_pil_processor(MODEL)
    session = export.ort_session(MODEL / "model.onnx")
    classifier = pipeline("image-classification", model=model, image_processor=processor)
    id2label = model.config.id2label
    fake_index = next(i for i, label in id2label.items() if label.lower() == "fake")
    args.out.mkdir(parents=True, exist_ok=True)
    goldens = []
    for name, (content, what, attack) in fixtures().items():
        (args.out / name).write_bytes(content)
        frames = []
        for index, frame in enumerate(frames_of(content)):
            case = f"{name}[{index}]"
            pixel_values = processor(images=frame, return_tensors="np")["pixel_values"].astype(np.float32)
            logits, _ = make_goldens.reference_logits(model, session, pixel_values, args.atol, case)
            scores = softmax(logits)
            for entry in classifier(frame, top_k=None):
                if entry["score"] != float(scores[model.config.label2id[entry["label"]]]):
                    raise SystemExit(f"FAIL: {case}: pipeline says {entry}, reference {scores}")
            frames.append({
                "rgbSha256": hashlib.sha256(frame.tobytes()).hexdigest(),
                "logits": [float(v) for v in logits],
                "fake": float(scores[fake_index]),
            })
        most_fake = max(range(len(frames)), key=lambda i: frames[i]["fake"])
        if attack and (most_fake == 0 or frames[0]["fake"] >= 0.5):
            raise SystemExit(f"FAIL: {name}: frame 0 must look real and a later frame most fake: "
                             f"{[round(f['fake'], 4) for f in frames]}")
        goldens.append({"file": name, "what": what, "width": WIDTH, "height": HEIGHT, "frames": frames,
                        "mostFake": most_fake})
        print(f"  {name:36s} {len(content):6d} bytes, fake per frame {[round(f['fake'], 4) for f in frames]}")
    index = {"pillow": PIL.__version__, "model": MODEL.name, "fixtures": goldens}
    (args.out / "goldens.json").write_text(json.dumps(index, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
