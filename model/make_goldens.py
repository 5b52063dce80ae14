#!/usr/bin/env python3
"""Write reference outputs ("goldens") of the HF image-classification pipeline for every fixture image.

For each export directory (see export.py) and each image in the images folder, the reference is computed
exactly as transformers' image-classification pipeline does it:

  1. transformers.image_utils.load_image: PIL.Image.open, PIL.ImageOps.exif_transpose, convert("RGB")
  2. the export's own image processor, loaded from preprocessor_config.json with the PIL backend
  3. the PyTorch model -> logits (recorded), cross-checked against model.onnx in ONNX Runtime (--atol)
  4. softmax, argmax, id2label (and checked against transformers.pipeline on the same objects)

Output (default src/test/resources/fixtures/goldens/), paths in index.json relative to it:

  decoded/<image>.png                  RGB uint8 after exif_transpose + convert("RGB")
  <model>/<image>.resized.png          RGB uint8 after resize + center crop, right before rescale/normalize
  <model>/<image>.pixel_values.npy.gz  float32 [1, 3, H, W] fed to the model (gzip, mtime 0)
  index.json                           versions, images, one case per (model, image)

Per-model files are stored once per distinct content: images that decode to the same RGB share the
resized / pixel_values files of the first such image (sorted by name), so follow the paths in index.json.

Stand-in models are rebuilt in PyTorch from the recipe in their manifest.json (same seed, same torch).

Example:
    python model/make_goldens.py
"""

import argparse
import gzip
import hashlib
import io
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
import PIL
import torch
import transformers
from PIL import Image
from transformers import pipeline
from transformers.image_utils import load_image
from transformers.pipelines.image_classification import softmax

import export

FIXTURES = Path(__file__).resolve().parent.parent / "src" / "test" / "resources" / "fixtures"
DEFAULT_MODELS = [FIXTURES / "models" / "deit-tiny-standin", FIXTURES / "models" / "vit-tiny-standin"]


# ---------------------------------------------------------------- reference computation


def load_torch_model(export_dir: Path) -> torch.nn.Module:
    manifest = json.loads((export_dir / "manifest.json").read_text())
    if manifest["stand_in"]:
        recipe = manifest["stand_in_recipe"]
        return export.build_stand_in(recipe["kind"], recipe["size"], recipe["seed"]).model
    return export.load_checkpoint(manifest["model_id"], manifest["revision"]).model


def resized_uint8(processor, image: Image.Image) -> np.ndarray:
    """Processor output with rescale and normalize switched off: resize + center crop only, CHW."""
    chw = processor(images=image, do_rescale=False, do_normalize=False, return_tensors="np")["pixel_values"][0]
    if not np.array_equal(chw, np.round(chw)) or chw.min() < 0 or chw.max() > 255:
        raise SystemExit("FAIL: resized image is not integral uint8")
    return chw.astype(np.uint8)


def check_pixel_values_from_resized(processor, resized: np.ndarray, pixel_values: np.ndarray) -> None:
    """The golden resized image must be exactly what feeds pixel_values."""
    expected = processor.normalize(
        processor.rescale(resized, processor.rescale_factor), processor.image_mean, processor.image_std
    ).astype(np.float32)
    if not np.array_equal(expected, pixel_values[0]):
        raise SystemExit("FAIL: rescale+normalize of the resized image does not reproduce pixel_values")


def reference_logits(model, session, pixel_values: np.ndarray, atol: float, case: str) -> tuple[np.ndarray, float]:
    torch_out = export.torch_logits(model, pixel_values)
    ort_out = export.ort_logits(session, pixel_values)
    diff = float(np.max(np.abs(torch_out - ort_out)))
    if diff > atol or torch_out.argmax() != ort_out.argmax():
        raise SystemExit(f"FAIL: {case}: PyTorch vs ONNX Runtime max diff {diff:.3e} (atol {atol})")
    return torch_out[0], diff


def check_against_pipeline(classifier, path: Path, probabilities: dict, case: str) -> None:
    for entry in classifier(str(path), top_k=None):
        if entry["score"] != probabilities[entry["label"]]:
            raise SystemExit(f"FAIL: {case}: pipeline says {entry}, golden {probabilities}")


# ---------------------------------------------------------------- writers


def png_bytes(hwc: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(hwc).save(buffer, format="PNG")
    return buffer.getvalue()


def npy_gz_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array.astype("<f4"), allow_pickle=False)
    return gzip.compress(buffer.getvalue(), compresslevel=9, mtime=0)


class GoldenWriter:
    """Writes files under the goldens folder.

    write_shared stores byte-identical content once: fixtures that decode to the same RGB
    (png-rgb, bmp-24bit, webp-lossless, ...) share their per-model goldens, and the later case's
    index entry points at the first file written. decoded/<image>.png is always written per image.
    """

    def __init__(self, root: Path):
        self.root = root
        self.by_digest: dict[str, str] = {}

    def reset(self, folders: list[str]) -> None:
        for folder in folders:
            shutil.rmtree(self.root / folder, ignore_errors=True)

    def write(self, relative: str, content: bytes) -> str:
        (self.root / relative).parent.mkdir(parents=True, exist_ok=True)
        (self.root / relative).write_bytes(content)
        return relative

    def write_shared(self, relative: str, content: bytes) -> str:
        digest = hashlib.sha256(content).hexdigest()
        if digest not in self.by_digest:
            self.by_digest[digest] = self.write(relative, content)
        return self.by_digest[digest]


def snapshot(root: Path, folders: list[str]) -> dict[str, str]:
    """sha256 of every golden file under these folders, by path relative to root."""
    digests = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digests[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def check_only_additions(before: dict[str, str], after: dict[str, str], allow_changes: bool) -> None:
    """Adding fixtures must leave every existing golden file as it was (a shared file renamed counts too)."""
    removed = sorted(set(before) - set(after))
    changed = sorted(name for name in before.keys() & after.keys() if before[name] != after[name])
    for name in removed:
        print(f"  removed: {name}")
    for name in changed:
        print(f"  changed: {name}")
    print(f"goldens: {len(set(after) - set(before))} added, {len(changed)} changed, {len(removed)} removed")
    if (removed or changed) and not allow_changes:
        raise SystemExit("FAIL: existing goldens changed or vanished; pass --allow-changes when that is intended "
                         "(new pinned versions, new stand-ins), otherwise give the new fixture its own picture")


def source_format(path: Path) -> dict:
    with Image.open(path) as image:
        return {"format": image.format, "mode": image.mode, "width": image.width, "height": image.height}


# ---------------------------------------------------------------- main loop


def model_cases(export_dir: Path, images: list[Path], decoded: dict, writer: GoldenWriter, atol: float) -> tuple[list, float]:
    model_name = export_dir.name
    model, processor = load_torch_model(export_dir), export.load_pil_processor(export_dir)
    session = export.ort_session(export_dir / "model.onnx")
    id2label = model.config.id2label
    classifier = pipeline("image-classification", model=model, image_processor=processor)
    cases, worst = [], 0.0
    for path in images:
        case = f"{model_name}/{path.name}"
        image = load_image(str(path))
        pixel_values = processor(images=image, return_tensors="np")["pixel_values"].astype(np.float32)
        resized = resized_uint8(processor, image)
        check_pixel_values_from_resized(processor, resized, pixel_values)
        logits, diff = reference_logits(model, session, pixel_values, atol, case)
        worst = max(worst, diff)
        scores = softmax(logits)
        probabilities = {id2label[i]: float(p) for i, p in enumerate(scores)}
        check_against_pipeline(classifier, path, probabilities, case)
        cases.append({
            "model": model_name,
            "image": path.name,
            **decoded[path.name],
            "resized": writer.write_shared(f"{model_name}/{path.name}.resized.png", png_bytes(resized.transpose(1, 2, 0))),
            "resizedWidth": resized.shape[2],
            "resizedHeight": resized.shape[1],
            "pixelValues": writer.write_shared(f"{model_name}/{path.name}.pixel_values.npy.gz", npy_gz_bytes(pixel_values)),
            "pixelValuesShape": list(pixel_values.shape),
            "logits": [float(v) for v in logits],
            "probabilities": probabilities,
            "label": id2label[int(np.argmax(logits))],
        })
        print(f"  {case:50s} {cases[-1]['label']:5s} p={scores.max():.4f} torch-ort {diff:.1e}")
    return cases, worst


def decode_all(images: list[Path], writer: GoldenWriter) -> dict:
    """decoded/<image>.png once per image, plus the source format/mode PIL reported."""
    decoded = {}
    for path in images:
        rgb = np.asarray(load_image(str(path)))
        source = source_format(path)
        decoded[path.name] = {
            "format": source["format"],
            "mode": source["mode"],
            "decoded": writer.write(f"decoded/{path.name}.png", png_bytes(rgb)),
            "decodedWidth": rgb.shape[1],
            "decodedHeight": rgb.shape[0],
        }
    return decoded


def check_label_coverage(cases: list[dict]) -> dict:
    distribution = {}
    for case in cases:
        labels = distribution.setdefault(case["model"], {})
        labels[case["label"]] = labels.get(case["label"], 0) + 1
    for model_name, labels in distribution.items():
        print(f"  {model_name}: {labels}")
        if len(labels) < 2:
            raise SystemExit(f"FAIL: {model_name} predicts a single label on every fixture: {labels}")
    return distribution


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", type=Path, default=FIXTURES / "images", help="default: %(default)s")
    parser.add_argument("--models", type=Path, nargs="+", default=DEFAULT_MODELS,
                        help="export directories written by export.py (default: the tiny stand-ins)")
    parser.add_argument("--out", type=Path, default=FIXTURES / "goldens", help="default: %(default)s")
    parser.add_argument("--atol", type=float, default=1e-4, help="PyTorch vs ORT logits (default: %(default)s)")
    parser.add_argument("--allow-changes", action="store_true",
                        help="accept changed or removed existing golden files (default: only additions)")
    args = parser.parse_args()

    images = sorted(p for p in args.images.iterdir() if p.is_file())
    writer = GoldenWriter(args.out)
    folders = ["decoded"] + [export_dir.name for export_dir in args.models]
    before = snapshot(args.out, folders)
    writer.reset(folders)
    decoded = decode_all(images, writer)
    cases = []
    for export_dir in args.models:
        model_case_list, worst = model_cases(export_dir, images, decoded, writer, args.atol)
        print(f"{export_dir.name}: max |PyTorch - ORT| logit diff {worst:.3e} over {len(images)} images")
        cases += model_case_list
    check_label_coverage(cases)
    index = {
        "versions": {"pillow": PIL.__version__, "transformers": transformers.__version__, "torch": torch.__version__,
                     "onnxruntime": ort.__version__, "numpy": np.__version__},
        "images": [p.name for p in images],
        "cases": cases,
    }
    (args.out / "index.json").write_text(json.dumps(index, indent=2) + "\n")
    check_only_additions(before, snapshot(args.out, folders), args.allow_changes)
    print(f"wrote {len(cases)} cases to {args.out / 'index.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
