#!/usr/bin/env python3
"""Export a Hugging Face image-classification checkpoint to a validated ONNX directory.

The export directory holds:

  model.onnx               fp32, input  pixel_values float32 [batch, 3, H, W] (dynamic batch),
                                 output logits       float32 [batch, num_labels]; weights inside the file
  model.int8.onnx          only with --int8: dynamic quantization (QInt8 weights) of model.onnx's MatMuls
  config.json              the model config (id2label / label2id), saved by transformers
  preprocessor_config.json the image processor config, saved by the (PIL) image processor itself
  manifest.json            provenance: source, revision, versions, opset, validation numbers; sha256, crc32 and
                           size of every file (the Java side checks size and crc32 at start)
  faces/                   only with --faces: the face detector of virtus.faces.mode (model/faces/: BlazeFace ONNX,
                           face_detector.json with its anchors and thresholds, LICENSE, NOTICE)

Sources (pick one):

  --model agasta/virtus [--revision REV]   Hugging Face hub (default), loaded like the HF pipeline does
  --model /path/to/checkpoint              local directory saved with save_pretrained
  --stand-in {deit,vit} --size {tiny,base} --seed N
                                           seeded random model with the real architecture, for tests
                                           and benchmarks when the hub is unreachable

Nothing reaches --out unless the ONNX model is checked against PyTorch on sample images (astronaut face,
cat, coffee, gradient, noise, ...), batch 1 and batch 3: logits within --atol and identical argmax;
otherwise the script exits non-zero.

Set SOURCE_DATE_EPOCH to pin manifest.json's created_at (reproducible stand-in fixtures).

Examples:
  python model/export.py --model agasta/virtus --revision main --out model/virtus --int8
  python model/export.py --stand-in deit --size tiny --seed 0 \\
      --out src/test/resources/fixtures/models/deit-tiny-standin
"""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
import transformers
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.quantization.shape_inference import quant_pre_process
from PIL import Image, ImageOps
from skimage import data
from transformers import (
    AutoModelForImageClassification,
    DeiTConfig,
    DeiTForImageClassificationWithTeacher,
    DeiTImageProcessorPil,
    ViTConfig,
    ViTForImageClassification,
    ViTImageProcessorPil,
)
from transformers.image_processing_base import ImageProcessingMixin
from transformers.image_utils import IMAGENET_DEFAULT_MEAN, IMAGENET_DEFAULT_STD, PILImageResampling

DEFAULT_MODEL = "agasta/virtus"
INPUT_NAME = "pixel_values"
OUTPUT_NAME = "logits"
BATCH_AXIS = "batch"
STAND_IN_NOTE = (
    "Seeded random weights with the real architecture; NOT the trained {model}. "
    "Use for tests and benchmarks only: its labels carry no meaning."
)
SIZES = {
    "tiny": dict(hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=32),
    "base": dict(hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072),
}
STAND_INS = {
    # deit: what agasta/virtus is fine-tuned from (facebook/deit-base-distilled-patch16-224).
    "deit": dict(id2label={0: "Real", 1: "Fake"}, imitates=DEFAULT_MODEL),
    # vit: ViT-B/16 with the labels in reverse order, so code cannot hard-code index -> label.
    "vit": dict(id2label={0: "fake", 1: "real"}, imitates="a ViT-B/16 classifier"),
}
EXPORT_FILES = ["model.onnx", "model.int8.onnx", "config.json", "preprocessor_config.json", "manifest.json"]
FACES = Path(__file__).resolve().parent / "faces"
FIXTURE_IMAGES = Path(__file__).resolve().parent.parent / "src/test/resources/fixtures/images"
FACES_FILES = ["face_detector.json", "LICENSE", "NOTICE"]
TARGET_LOGIT_SPREAD = 2.0  # stand-in heads are scaled so (logit1 - logit0) has this std on the samples


@dataclass
class Loaded:
    model: torch.nn.Module
    processor: object
    provenance: dict = field(default_factory=dict)


# ---------------------------------------------------------------- sample images


def sample_images() -> list[Image.Image]:
    """Varied RGB images (photos, synthetic, noise) used for calibration and validation."""
    rng = np.random.default_rng(1234)
    astronaut = data.astronaut()
    coffee = data.coffee()
    ramp = np.linspace(0, 255, 300, dtype=np.float64)
    gradient = np.stack(np.broadcast_arrays(ramp[None, :], ramp[:200, None], 128.0), axis=-1)
    return [
        Image.fromarray(astronaut[20:260, 110:350]),  # the face
        Image.fromarray(data.chelsea()),
        Image.fromarray(coffee),
        Image.fromarray(gradient.astype(np.uint8)),
        Image.fromarray(rng.integers(0, 256, (224, 224, 3), dtype=np.uint8)),
        Image.fromarray(astronaut).convert("L").convert("RGB"),
        Image.fromarray(255 - coffee[::-1]),
        Image.fromarray(rng.integers(0, 256, (40, 300, 3), dtype=np.uint8)),
    ]


def pixel_values(processor, images: list[Image.Image]) -> np.ndarray:
    return processor(images=images, return_tensors="np")[INPUT_NAME].astype(np.float32)


# ---------------------------------------------------------------- model sources


def load_checkpoint(model_id: str, revision: str | None) -> Loaded:
    """Load a hub id or local directory the way transformers' image-classification pipeline does.

    The pipeline tries AutoModelForImageClassification first, then the classes in config.architectures.
    A class that leaves weights freshly initialised (e.g. a distilled-DeiT checkpoint loaded as plain
    DeiTForImageClassification) is refused here, because its head would be random on every load.
    """
    is_local = Path(model_id).is_dir()
    config = transformers.AutoConfig.from_pretrained(model_id, revision=revision)
    candidates = [AutoModelForImageClassification] + [
        getattr(transformers, name) for name in (config.architectures or []) if hasattr(transformers, name)
    ]
    refused = []
    for model_class in candidates:
        model, info = model_class.from_pretrained(
            model_id, revision=revision, attn_implementation="eager", output_loading_info=True
        )
        if not info["missing_keys"]:
            break
        refused.append(f"{model_class.__name__}: missing {sorted(info['missing_keys'])[:4]}")
    else:
        raise SystemExit("FAIL: no model class loads every weight of the checkpoint:\n  " + "\n  ".join(refused))
    processor = load_pil_processor(model_id, revision)
    provenance = {
        "model_id": model_id,
        "revision": None if is_local else (getattr(model.config, "_commit_hash", None) or revision or "main"),
        "requested_revision": revision,
        "source": "local" if is_local else "hub",
        "stand_in": False,
        "model_class": type(model).__name__,
    }
    if refused:
        provenance["note"] = "The HF pipeline would have tried first: " + "; ".join(refused)
    return Loaded(model.eval(), processor, provenance)


def load_pil_processor(model_id: str | Path, revision: str | None = None):
    """The PIL-backend ("slow") image processor named by preprocessor_config.json.

    AutoImageProcessor needs torchvision in this transformers version, so the class is resolved by hand:
    image_processor_type (or legacy feature_extractor_type) without "Fast", plus the "Pil" suffix.
    """
    config, _ = ImageProcessingMixin.get_image_processor_dict(model_id, revision=revision)
    name = config.get("image_processor_type") or config.get("feature_extractor_type", "")
    name = name.replace("FeatureExtractor", "ImageProcessor").removesuffix("Fast") + "Pil"
    processor_class = getattr(transformers, name, None)
    if processor_class is None:
        raise SystemExit(f"FAIL: {model_id}: no PIL image processor class {name} in transformers")
    processor = processor_class.from_pretrained(model_id, revision=revision)
    if processor.backend != "pil":
        raise SystemExit(f"FAIL: {model_id}: {name} backend is {processor.backend}, expected pil")
    return processor


def stand_in_processor(kind: str):
    if kind == "deit":
        # facebook/deit-base-distilled-patch16-224: resize 256x256 bicubic, crop 224, ImageNet default mean/std.
        return DeiTImageProcessorPil(image_mean=IMAGENET_DEFAULT_MEAN, image_std=IMAGENET_DEFAULT_STD)
    return ViTImageProcessorPil(resample=PILImageResampling.BILINEAR)


def stand_in_model(kind: str, size: str):
    id2label = STAND_INS[kind]["id2label"]
    common = dict(
        **SIZES[size],
        image_size=224,
        patch_size=16,
        num_labels=len(id2label),
        id2label=id2label,
        label2id={label: index for index, label in id2label.items()},
        attn_implementation="eager",
    )
    if kind == "deit":
        return DeiTForImageClassificationWithTeacher(DeiTConfig(**common))
    return ViTForImageClassification(ViTConfig(**common))


def redraw_parameters(model: torch.nn.Module, seed: int) -> None:
    """Replace every parameter (transformers zeroes biases, tokens, ...) with seeded noise.

    Linear/Conv2d weights ~ N(0, 1/fan_in) so activations keep unit scale even when tiny,
    LayerNorm weights ~ N(1, 0.1), everything else (biases, tokens, positions) ~ N(0, 0.02);
    drawn in model.modules() order from one torch.Generator.
    """
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module in model.modules():
            for name, parameter in module.named_parameters(recurse=False):
                mean, std = parameter_distribution(module, name, parameter)
                parameter.copy_(torch.randn(parameter.shape, generator=generator) * std + mean)


def parameter_distribution(module: torch.nn.Module, name: str, parameter: torch.Tensor) -> tuple[float, float]:
    if name == "weight" and isinstance(module, (torch.nn.Linear, torch.nn.Conv2d)):
        return 0.0, (parameter[0].numel()) ** -0.5
    if name == "weight" and isinstance(module, torch.nn.LayerNorm):
        return 1.0, 0.1
    return 0.0, 0.02


def classifier_heads(model: torch.nn.Module) -> list[torch.nn.Linear]:
    if isinstance(model, DeiTForImageClassificationWithTeacher):
        return [model.cls_classifier, model.distillation_classifier]  # logits = mean of both
    return [model.classifier]


def calibrate_heads(model: torch.nn.Module, inputs: np.ndarray) -> dict:
    """Scale and shift the head(s) so the samples split evenly between the two labels.

    d = logit1 - logit0 is rescaled to std TARGET_LOGIT_SPREAD, then shifted so its median is 0.
    """
    margin = logit_margin(model, inputs)
    scale = TARGET_LOGIT_SPREAD / float(margin.std())
    heads = classifier_heads(model)
    with torch.no_grad():
        for head in heads:
            head.weight.mul_(scale)
            head.bias.mul_(scale)
        shift = float(np.median(logit_margin(model, inputs)))
        for head in heads:
            head.bias[1] -= shift
    margin = logit_margin(model, inputs)
    labels = (margin > 0).astype(int)
    if len(set(labels)) < 2:
        raise SystemExit(f"FAIL: stand-in head calibration left one label only: margins {margin}")
    return {"head_scale": scale, "head_shift": shift, "sample_margins": [round(float(m), 4) for m in margin]}


def logit_margin(model: torch.nn.Module, inputs: np.ndarray) -> np.ndarray:
    logits = torch_logits(model, inputs)
    return logits[:, 1] - logits[:, 0]


def build_stand_in(kind: str, size: str, seed: int) -> Loaded:
    """Deterministic stand-in: same seed + torch version -> same weights (make_goldens.py relies on it)."""
    torch.manual_seed(seed)
    model = stand_in_model(kind, size).eval()
    redraw_parameters(model, seed)
    processor = stand_in_processor(kind)
    calibration = calibrate_heads(model, pixel_values(processor, sample_images()))
    imitates = STAND_INS[kind]["imitates"]
    provenance = {
        "model_id": f"stand-in/{kind}-{size}",
        "revision": None,
        "source": "stand-in",
        "stand_in": True,
        "note": STAND_IN_NOTE.format(model=imitates),
        "model_class": type(model).__name__,
        "stand_in_recipe": {"kind": kind, "size": size, "seed": seed, **calibration},
    }
    return Loaded(model, processor, provenance)


# ---------------------------------------------------------------- export and validation


class LogitsOnly(torch.nn.Module):
    """Expose only `logits` so the graph has a single, named output."""

    def __init__(self, model: torch.nn.Module):
        super().__init__()
        self.model = model

    def forward(self, pixel_values: torch.Tensor) -> torch.Tensor:
        return self.model(pixel_values=pixel_values).logits


def export_onnx(model: torch.nn.Module, example: np.ndarray, path: Path, opset: int) -> None:
    torch.onnx.export(
        LogitsOnly(model),
        (torch.from_numpy(example),),
        str(path),
        input_names=[INPUT_NAME],
        output_names=[OUTPUT_NAME],
        dynamic_axes={INPUT_NAME: {0: BATCH_AXIS}, OUTPUT_NAME: {0: BATCH_AXIS}},
        opset_version=opset,
        dynamo=False,
        do_constant_folding=True,
    )
    onnx.checker.check_model(str(path), full_check=True)
    stray = [p.name for p in path.parent.iterdir() if p != path]
    if stray:
        raise SystemExit(f"FAIL: export wrote external data files {stray}; expected a single model.onnx")


def torch_logits(model: torch.nn.Module, inputs: np.ndarray) -> np.ndarray:
    with torch.inference_mode():
        return model(pixel_values=torch.from_numpy(inputs)).logits.numpy()


def ort_session(path: Path) -> ort.InferenceSession:
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def ort_logits(session: ort.InferenceSession, inputs: np.ndarray) -> np.ndarray:
    return session.run([OUTPUT_NAME], {INPUT_NAME: inputs})[0]


def logits_one_by_one(session: ort.InferenceSession, inputs: np.ndarray) -> np.ndarray:
    """One ONNX Runtime call per image, as the function makes them."""
    return np.concatenate([ort_logits(session, row[None]) for row in inputs])


def check_signature(session: ort.InferenceSession, num_labels: int) -> None:
    (inp,), (out,) = session.get_inputs(), session.get_outputs()
    expected = (INPUT_NAME, "tensor(float)", BATCH_AXIS, OUTPUT_NAME, num_labels)
    actual = (inp.name, inp.type, inp.shape[0], out.name, out.shape[1])
    if actual != expected or len(inp.shape) != 4:
        raise SystemExit(f"FAIL: ONNX signature {actual} {inp.shape}, expected {expected}")


def batches(inputs: np.ndarray) -> dict[str, np.ndarray]:
    """Each sample alone (batch 1) and the first three together (batch 3)."""
    named = {f"sample{i}-batch1": inputs[i : i + 1] for i in range(len(inputs))}
    named["samples0-2-batch3"] = inputs[:3]
    return named


def validate(model: torch.nn.Module, session: ort.InferenceSession, inputs: np.ndarray, atol: float) -> float:
    """PyTorch vs ONNX Runtime on every batch; returns the max abs logit difference."""
    worst = 0.0
    for name, batch in batches(inputs).items():
        expected, actual = torch_logits(model, batch), ort_logits(session, batch)
        diff = float(np.max(np.abs(expected - actual)))
        worst = max(worst, diff)
        same_labels = np.array_equal(expected.argmax(-1), actual.argmax(-1))
        print(f"  {name:18s} max|torch-ort| = {diff:.3e}  argmax {expected.argmax(-1)} {'ok' if same_labels else '!='}")
        if diff > atol or not same_labels:
            raise SystemExit(f"FAIL: ONNX output differs from PyTorch on {name}: max diff {diff:.3e} > atol {atol}"
                             f" or argmax {expected.argmax(-1)} != {actual.argmax(-1)}")
    return worst


def quantize_int8(fp32_path: Path, int8_path: Path) -> None:
    """Dynamic quantization of the weight MatMuls only (QInt8 weights, activations quantized per call).

    bench/int8_study.py measured the alternatives on the base stand-in (docs/decisions/0002-int8-matmul-only.md): this
    one was the fastest, and the only one with full label agreement; static QDQ (calibrated on the
    fixtures), per-channel weights and quantizing the patch-embedding Conv too were slower or less faithful.
    """
    with tempfile.TemporaryDirectory() as tmp:
        prepared = Path(tmp) / "prepared.onnx"
        quant_pre_process(str(fp32_path), str(prepared), skip_symbolic_shape=False)
        quantize_dynamic(str(prepared), str(int8_path), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"])


def int8_goldens(processor) -> np.ndarray:
    """The sample images and, in a checkout of this repository, every test fixture image (as the pipeline loads it)."""
    images = sample_images()
    if FIXTURE_IMAGES.is_dir():
        for path in sorted(FIXTURE_IMAGES.iterdir()):
            with Image.open(path) as image:
                images.append(ImageOps.exif_transpose(image).convert("RGB"))
    return pixel_values(processor, images)


def compare_int8(fp32: ort.InferenceSession, int8: ort.InferenceSession, inputs: np.ndarray) -> dict:
    """One image per call, as the function runs: dynamic quantization scales each call's activations by their
    range, so an image's int8 logits depend on the other images of its batch."""
    reference, quantized = logits_one_by_one(fp32, inputs), logits_one_by_one(int8, inputs)
    agreement = float(np.mean(reference.argmax(-1) == quantized.argmax(-1)))
    probability_diff = np.abs(softmax(reference) - softmax(quantized)).max(-1)
    result = {"quantization": "dynamic, QInt8 weights, MatMul only",
              "max_abs_logit_diff_vs_fp32": float(np.max(np.abs(reference - quantized))),
              "max_abs_probability_diff_vs_fp32": float(probability_diff.max()),
              "median_abs_probability_diff_vs_fp32": float(np.median(probability_diff)),
              "label_agreement_vs_fp32": agreement, "samples": len(inputs), "batch_size": 1}
    print(f"  int8 vs fp32 on {len(inputs)} images: max|logit diff| = {result['max_abs_logit_diff_vs_fp32']:.4f},"
          f" max|probability diff| = {result['max_abs_probability_diff_vs_fp32']:.4f}, label agreement {agreement:.2%}")
    return result


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(-1, keepdims=True))
    return shifted / shifted.sum(-1, keepdims=True)


# ---------------------------------------------------------------- manifest


def checksums(path: Path) -> dict:
    """sha256 names the file; crc32 and bytes are what the Java side checks at start (cheap under C1)."""
    digest, crc = hashlib.sha256(), 0
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
            crc = zlib.crc32(chunk, crc)
    return {"sha256": digest.hexdigest(), "crc32": f"{crc:08x}", "bytes": path.stat().st_size}


def created_at() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch else datetime.datetime.now(datetime.UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def write_manifest(out: Path, provenance: dict, opset: int, validation: dict) -> None:
    files = {p.relative_to(out).as_posix(): checksums(p)
             for p in sorted(out.rglob("*")) if p.is_file() and p.name != "manifest.json"}
    faces = out / "faces" / "face_detector.json"
    manifest = {
        **provenance,
        "opset": opset,
        "exporter": {"tool": "torch.onnx.export (dynamo=False)", "torch": torch.__version__,
                     "transformers": transformers.__version__, "onnx": onnx.__version__},
        "input": {"name": INPUT_NAME, "dtype": "float32", "shape": [BATCH_AXIS, 3, "height", "width"]},
        "output": {"name": OUTPUT_NAME, "dtype": "float32", "shape": [BATCH_AXIS, "num_labels"]},
        "validation": {"onnxruntime": ort.__version__, "provider": "CPUExecutionProvider", **validation},
        "files": files,
        "created_at": created_at(),
    }
    if faces.is_file():
        settings = json.loads(faces.read_text())
        manifest["faces"] = {"settings": "faces/face_detector.json", "model": f"faces/{settings['model']}",
                             "source": settings["source"], "license": settings["license"]}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_argument_group("source")
    source.add_argument("--model", default=DEFAULT_MODEL,
                        help="hub model id or local checkpoint directory (default: %(default)s)")
    source.add_argument("--revision", help="hub branch, tag or commit (default: main); recorded in manifest")
    source.add_argument("--stand-in", choices=sorted(STAND_INS),
                        help="build a seeded random model instead of loading --model")
    source.add_argument("--size", choices=sorted(SIZES), default="base", help="stand-in size (default: %(default)s)")
    source.add_argument("--seed", type=int, default=0, help="stand-in weight seed (default: %(default)s)")
    parser.add_argument("--out", type=Path, required=True, help="export directory (created; files overwritten)")
    parser.add_argument("--opset", type=int, default=17, help="ONNX opset (default: %(default)s)")
    parser.add_argument("--atol", type=float, default=1e-4,
                        help="max abs logit difference PyTorch vs ONNX Runtime (default: %(default)s)")
    parser.add_argument("--int8", action="store_true", help="also write model.int8.onnx (dynamic QInt8 weights of the MatMuls)")
    parser.add_argument("--faces", action="store_true",
                        help="also copy the face detector (model/faces/) into faces/, for virtus.faces.mode crop|require")
    parser.add_argument("--save-checkpoint", type=Path,
                        help="also save the PyTorch checkpoint there (for bench/core.sh's pipeline figure)")
    return parser.parse_args(argv)


def build_export(loaded: Loaded, staging: Path, args: argparse.Namespace) -> None:
    """Export, validate and describe the model in `staging`; exits non-zero on any mismatch."""
    model, processor = loaded.model, loaded.processor
    inputs = pixel_values(processor, sample_images())
    onnx_path = staging / "model.onnx"
    export_onnx(model, inputs[:1], onnx_path, args.opset)
    session = ort_session(onnx_path)
    check_signature(session, model.config.num_labels)
    print(f"validating model.onnx ({onnx_path.stat().st_size} bytes) against PyTorch, atol {args.atol}:")
    validation = {"atol": args.atol, "max_abs_logit_diff": validate(model, session, inputs, args.atol),
                  "samples": len(inputs), "batch_sizes": [1, 3]}
    if args.int8:
        int8_path = staging / "model.int8.onnx"
        quantize_int8(onnx_path, int8_path)
        validation["int8"] = compare_int8(session, ort_session(int8_path), int8_goldens(processor))
    model.config.architectures = [type(model).__name__]
    model.config.save_pretrained(staging)
    processor.save_pretrained(staging)
    if args.faces:
        copy_face_detector(staging / "faces")
    write_manifest(staging, loaded.provenance, args.opset, validation)


def copy_face_detector(target: Path) -> None:
    """The committed detector, its settings and licence; face_detector.json names the ONNX file."""
    target.mkdir()
    settings = json.loads((FACES / "face_detector.json").read_text())
    for name in FACES_FILES + [settings["model"]]:
        shutil.copyfile(FACES / name, target / name)
    print(f"copied the face detector {settings['model']} into {target}")


def publish(staging: Path, out: Path) -> None:
    """Move the validated files into `out`, dropping export files an earlier run left there."""
    out.mkdir(parents=True, exist_ok=True)
    for name in EXPORT_FILES:
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(out / "faces", ignore_errors=True)
    for path in staging.iterdir():
        os.replace(path, out / path.name)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    loaded = build_stand_in(args.stand_in, args.size, args.seed) if args.stand_in else load_checkpoint(
        args.model, args.revision)
    print(f"source: {loaded.provenance['source']} {loaded.provenance['model_id']} ({loaded.provenance['model_class']})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.out.parent, prefix=".export-") as staging:
        build_export(loaded, Path(staging), args)
        publish(Path(staging), args.out)
    if args.save_checkpoint:
        loaded.model.save_pretrained(args.save_checkpoint)
        loaded.processor.save_pretrained(args.save_checkpoint)
    print(f"wrote {args.out}: {', '.join(sorted(p.name for p in args.out.iterdir()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
