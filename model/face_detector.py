"""Python reference of the face detector the Java service runs (dev.virtus.scan.faces).

MediaPipe BlazeFace (back-camera model, 256x256) in ONNX Runtime, with MediaPipe's post-processing written from
its published configuration (face_detection_back graph):

  * SsdAnchorsCalculator: strides 16, 32, 32, 32 (consecutive equal strides share one grid), 2 anchors per layer
    (aspect ratio 1 plus the interpolated scale), anchor offset 0.5, fixed anchor size (w = h = 1): 16x16x2 + 8x8x6
    = 896 anchors, centres ((x + 0.5) / grid, (y + 0.5) / grid), row by row, anchors innermost.
  * TensorsToDetectionsCalculator: 16 coords per anchor (reverse_output_order: x, y, w, h, then 6 keypoints),
    x_scale = y_scale = w_scale = h_scale = 256, score = sigmoid(clip(raw, -100, 100)), kept when >= min_score.
  * NonMaxSuppressionCalculator, WEIGHTED, IoU, min_suppression_threshold 0.3: the best remaining detection and
    every remaining one overlapping it by IoU > 0.3 are averaged (corners weighted by score) into one face with the
    best one's score.

The input is a letterbox: the image scaled with PIL's BILINEAR so that its longer side is 256, pasted centred on a
black 256x256 canvas (offset floor((256 - w) / 2)), RGB scaled to [-1, 1], NHWC. Boxes come back in the original
image's pixels.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort
from PIL import Image

FACES_DIR = Path(__file__).resolve().parent / "faces"


@dataclass(frozen=True)
class Face:
    """A face box in image pixels (left, top, right, bottom as floats) and the detector's score."""

    left: float
    top: float
    right: float
    bottom: float
    score: float

    def as_json(self) -> dict:
        return {"left": self.left, "top": self.top, "right": self.right, "bottom": self.bottom, "score": self.score}


def iou(a, b) -> float:
    """Intersection over union of two (left, top, right, bottom) boxes."""
    inner_w = min(a[2], b[2]) - max(a[0], b[0])
    inner_h = min(a[3], b[3]) - max(a[1], b[1])
    if inner_w <= 0 or inner_h <= 0:
        return 0.0
    inner = inner_w * inner_h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inner
    return inner / union if union > 0 else 0.0


class FaceDetector:
    def __init__(self, directory: Path = FACES_DIR):
        self.settings = json.loads((directory / "face_detector.json").read_text())
        self.size = self.settings["input"]["size"]
        self.session = ort.InferenceSession(str(directory / self.settings["model"]), providers=["CPUExecutionProvider"])
        self.anchors = anchors(self.size, self.settings["anchors"])

    def letterbox(self, image: Image.Image) -> tuple[np.ndarray, float, int, int]:
        """The detector's input [1, size, size, 3] and how to map back: scale, left and top offsets."""
        width, height = image.size
        longer = max(width, height)
        new_w = max(1, (2 * width * self.size + longer) // (2 * longer))
        new_h = max(1, (2 * height * self.size + longer) // (2 * longer))
        scale = self.size / longer
        resized = image.convert("RGB").resize((new_w, new_h), Image.BILINEAR)
        left = (self.size - new_w) // 2
        top = (self.size - new_h) // 2
        canvas = Image.new("RGB", (self.size, self.size))
        canvas.paste(resized, (left, top))
        tensor = np.asarray(canvas, dtype=np.float32) / np.float32(127.5) - np.float32(1.0)
        return tensor[None], scale, left, top

    def detect(self, image: Image.Image) -> list[Face]:
        tensor, scale, left, top = self.letterbox(image)
        outputs = self.settings["outputs"]
        names = outputs["scores"] + outputs["boxes"]
        result = dict(zip(names, self.session.run(names, {self.settings["input"]["name"]: tensor})))
        raw_scores = np.concatenate([result[n].reshape(-1) for n in outputs["scores"]]).astype(np.float64)
        raw_boxes = np.concatenate([result[n].reshape(-1, 16) for n in outputs["boxes"]]).astype(np.float64)
        decoding = self.settings["decoding"]
        clip = decoding["score_clipping"]
        scores = 1.0 / (1.0 + np.exp(-np.clip(raw_scores, -clip, clip)))
        candidates = []
        for index in range(len(scores)):
            if scores[index] < self.settings["min_score"]:
                continue
            x_anchor, y_anchor = self.anchors[index]
            box = raw_boxes[index]
            cx = box[0] / decoding["scale"] + x_anchor
            cy = box[1] / decoding["scale"] + y_anchor
            w = box[2] / decoding["scale"]
            h = box[3] / decoding["scale"]
            candidates.append(((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), float(scores[index]), index))
        faces = []
        for (x0, y0, x1, y1), score in weighted_nms(candidates, self.settings["min_suppression_iou"]):
            faces.append(Face((x0 * self.size - left) / scale, (y0 * self.size - top) / scale,
                              (x1 * self.size - left) / scale, (y1 * self.size - top) / scale, score))
        return faces


def anchors(size: int, options: dict) -> list[tuple[float, float]]:
    """SsdAnchorsCalculator with fixed anchor size: only the centres matter."""
    centres = []
    strides = options["strides"]
    layer = 0
    while layer < len(strides):
        stride = strides[layer]
        same = 0
        while layer < len(strides) and strides[layer] == stride:
            same += 1
            layer += 1
        grid = -(-size // stride)
        for y in range(grid):
            for x in range(grid):
                for _ in range(same * options["anchors_per_layer"]):
                    centres.append(((x + options["offset"]) / grid, (y + options["offset"]) / grid))
    return centres


def weighted_nms(candidates, min_iou: float):
    """MediaPipe's WeightedNonMaxSuppression; ties in score keep anchor order (a stable sort)."""
    remaining = sorted(candidates, key=lambda c: -c[1])
    merged = []
    while remaining:
        best_box, best_score, _ = remaining[0]
        group = [c for c in remaining if iou(c[0], best_box) > min_iou]
        rest = [c for c in remaining if iou(c[0], best_box) <= min_iou]
        total = sum(c[1] for c in group)
        if total == 0:  # a box of no area overlaps nothing, itself included: MediaPipe keeps it as it is
            merged.append((best_box, best_score))
        else:
            merged.append((tuple(sum(c[0][k] * c[1] for c in group) / total for k in range(4)), best_score))
        if len(rest) == len(remaining):
            break
        remaining = rest
    return merged
