#!/usr/bin/env python3
"""Write the face fixtures and their goldens (src/test/resources/fixtures/faces/).

Fixtures (PNG, deterministic, small): scikit-image's astronaut, matplotlib's grace_hopper sample, a group of five
faces composed from them, and a small face pasted into scikit-image's rocket photo (a landscape).

Goldens (goldens.json), for those and for faceless fixtures of images/:
  * the faces the Python reference detector finds (face_detector.py: ONNX Runtime + MediaPipe's anchor decoding and
    weighted non-maximum suppression), in image pixels, with their scores;
  * for each face, the best IoU with a face OpenCV's Haar cascade finds (haarcascade_frontalface_default); the script
    fails unless every face overlaps a Haar face by IoU >= 0.5, and faceless fixtures have no face;
  * for each face and each tiny stand-in model: the crop square (margin 0.3, virtus.faces.margin's default) and the
    logits the model gives that crop through the export's PIL image processor, cross-checked against ONNX Runtime
    and transformers.pipeline as make_goldens.py does for whole images.

Example:
    python model/make_face_fixtures.py
"""

import argparse
import json
import math
import sys
from pathlib import Path

import cv2
import matplotlib
import matplotlib.cbook
import numpy as np
import onnxruntime as ort
import PIL
import skimage
import torch
import transformers
from PIL import Image, ImageOps
from skimage import data
from transformers import pipeline
from transformers.pipelines.image_classification import softmax

import export
from face_detector import FaceDetector, iou
from make_goldens import DEFAULT_MODELS, FIXTURES, check_against_pipeline, load_torch_model, reference_logits

OUT = FIXTURES / "faces"
FACELESS = ["png-noise-200x200.png", "png-gradient-300x200.png"]
MARGIN = 0.3
MIN_HAAR_IOU = 0.5


# ---------------------------------------------------------------- fixtures


def astronaut() -> Image.Image:
    return Image.fromarray(data.astronaut())


def grace_hopper() -> Image.Image:
    with matplotlib.cbook.get_sample_data("grace_hopper.jpg") as file:
        return Image.open(file).convert("RGB")


def head(image: Image.Image, box: tuple[int, int, int, int], size: int, mirror: bool = False) -> Image.Image:
    crop = image.crop(box).resize((size, size), Image.LANCZOS)
    return ImageOps.mirror(crop) if mirror else crop


def group() -> Image.Image:
    """Five heads of two people on a grey backdrop, of different sizes and facing both ways."""
    canvas = Image.new("RGB", (720, 400), (118, 124, 130))
    a, g = astronaut(), grace_hopper()
    a_head, g_head = (130, 30, 320, 220), (130, 100, 410, 380)
    canvas.paste(head(a, a_head, 170), (20, 40))
    canvas.paste(head(g, g_head, 170), (200, 190))
    canvas.paste(head(a, a_head, 130, mirror=True), (390, 30))
    canvas.paste(head(g, g_head, 120, mirror=True), (560, 60))
    canvas.paste(head(g, g_head, 120), (580, 250))
    return canvas


def small_face_in_landscape() -> Image.Image:
    """A face of 75 px, an eighth of the width, in a 600x400 outdoor photo."""
    landscape = Image.fromarray(data.rocket()).convert("RGB").resize((600, 400), Image.LANCZOS)
    landscape.paste(head(astronaut(), (140, 40, 310, 210), 75), (425, 55))
    return landscape


FIXTURE_IMAGES = {
    "faces-astronaut.png": lambda: astronaut().resize((320, 320), Image.LANCZOS),
    "faces-grace-hopper.png": lambda: grace_hopper().resize((256, 300), Image.LANCZOS),
    "faces-group.png": group,
    "faces-small-in-landscape.png": small_face_in_landscape,
}


# ---------------------------------------------------------------- references


def haar_faces(image: Image.Image) -> list[tuple[float, float, float, float]]:
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    gray = cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2GRAY)
    found = cascade.detectMultiScale(gray, scaleFactor=1.05, minNeighbors=5, minSize=(24, 24))
    return [(float(x), float(y), float(x + w), float(y + h)) for x, y, w, h in found]


def crop_square(width: int, height: int, box: tuple, margin: float) -> tuple[int, int, int]:
    """FaceCropper.square: (left, top, side) of (1 + margin) x the longer side, centred, shifted into the image."""
    longer = max(box[2] - box[0], box[3] - box[1])
    side = max(1, min(int((1 + margin) * longer), min(width, height)))
    centre_x, centre_y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    left = max(0, min(math.floor(centre_x - side / 2.0), width - side))
    top = max(0, min(math.floor(centre_y - side / 2.0), height - side))
    return left, top, side


class CropJudge:
    """One tiny stand-in: its logits for a crop, as make_goldens.py computes them for whole images."""

    def __init__(self, export_dir: Path):
        self.name = export_dir.name
        self.model = load_torch_model(export_dir)
        self.processor = export.load_pil_processor(export_dir)
        self.session = export.ort_session(export_dir / "model.onnx")
        self.classifier = pipeline("image-classification", model=self.model, image_processor=self.processor)
        self.id2label = self.model.config.id2label

    def judge(self, crop: Image.Image, case: str) -> dict:
        pixel_values = self.processor(images=crop, return_tensors="np")["pixel_values"].astype(np.float32)
        logits, _ = reference_logits(self.model, self.session, pixel_values, 1e-4, case)
        probabilities = {self.id2label[i]: float(p) for i, p in enumerate(softmax(logits))}
        for entry in self.classifier(crop, top_k=None):
            if entry["score"] != probabilities[entry["label"]]:
                raise SystemExit(f"FAIL: {case}: pipeline says {entry}, golden {probabilities}")
        return {"logits": [float(v) for v in logits], "probabilities": probabilities,
                "label": self.id2label[int(np.argmax(logits))]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT, help="default: %(default)s")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    for name, make in FIXTURE_IMAGES.items():
        make().save(args.out / name, format="PNG", optimize=True)
        print(f"wrote {name} ({(args.out / name).stat().st_size // 1024} KB)")

    detector = FaceDetector()
    judges = [CropJudge(export_dir) for export_dir in DEFAULT_MODELS]
    cases = []
    paths = [args.out / name for name in FIXTURE_IMAGES] + [FIXTURES / "images" / name for name in FACELESS]
    for path in paths:
        image = Image.open(path).convert("RGB")
        faces = detector.detect(image)
        haar = haar_faces(image)
        relative = path.relative_to(FIXTURES).as_posix()
        if path.name in FACELESS and (faces or haar):
            raise SystemExit(f"FAIL: {relative} has no face, but the detector found {faces} and Haar {haar}")
        if path.name not in FACELESS and not faces:
            raise SystemExit(f"FAIL: {relative}: the detector found no face")
        entries = []
        for index, face in enumerate(faces):
            box = (face.left, face.top, face.right, face.bottom)
            best_haar = max((iou(box, other) for other in haar), default=0.0)
            if best_haar < MIN_HAAR_IOU:
                raise SystemExit(f"FAIL: {relative} face {index} {box} overlaps no Haar face by IoU >= {MIN_HAAR_IOU}"
                                 f" (best {best_haar:.3f}; Haar found {haar})")
            left, top, side = crop_square(image.width, image.height, box, MARGIN)
            crop = image.crop((left, top, left + side, top + side))
            judged = {judge.name: judge.judge(crop, f"{relative} face {index} {judge.name}") for judge in judges}
            entries.append({**face.as_json(), "haarIou": best_haar,
                            "crop": {"left": left, "top": top, "side": side}, "models": judged})
            print(f"  {relative} face {index}: {[round(v) for v in box]} score {face.score:.3f} Haar IoU {best_haar:.3f} "
                  + " ".join(f"{name}={j['label']}" for name, j in judged.items()))
        cases.append({"image": relative, "width": image.width, "height": image.height,
                      "haarFaces": len(haar), "faces": entries})
    golden = {
        "versions": {"pillow": PIL.__version__, "onnxruntime": ort.__version__, "numpy": np.__version__,
                     "opencv": cv2.__version__, "scikit-image": skimage.__version__, "matplotlib": matplotlib.__version__,
                     "transformers": transformers.__version__, "torch": torch.__version__},
        "detector": detector.settings,
        "margin": MARGIN,
        "minHaarIou": MIN_HAAR_IOU,
        "cases": cases,
    }
    (args.out / "goldens.json").write_text(json.dumps(golden, indent=2) + "\n")
    print(f"wrote {args.out / 'goldens.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
