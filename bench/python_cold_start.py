"""Cold start of the same model in Python ONNX Runtime, for bench/cold-start.sh: imports, session, one image.

Preprocessing as the export's preprocessor_config.json says for the stand-ins (resize to size, center crop,
rescale, normalize), with PIL and numpy. Prints one JSON line: milliseconds since the interpreter began
importing, and peak RSS. The harness measures process start to that line.
Usage: python bench/python_cold_start.py EXPORT_DIR MODEL_FILE IMAGE THREADS
"""
import time

started = time.perf_counter()
import json
import resource
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
from PIL import Image, ImageOps

imported = time.perf_counter()


def preprocess(path, config):
    image = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    size = config["size"]
    image = image.resize((size["width"], size["height"]), resample=config.get("resample", 3))
    crop = config["crop_size"]
    left, top = (image.width - crop["width"]) // 2, (image.height - crop["height"]) // 2
    image = image.crop((left, top, left + crop["width"], top + crop["height"]))
    pixels = (np.asarray(image, dtype=np.float64) * config["rescale_factor"]).astype(np.float32)
    pixels = (pixels - np.array(config["image_mean"], np.float32)) / np.array(config["image_std"], np.float32)
    return pixels.transpose(2, 0, 1)[None].astype(np.float32)


def main():
    export, model_file, image, threads = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(str(export / model_file), options, providers=["CPUExecutionProvider"])
    created = time.perf_counter()
    config = json.loads((export / "preprocessor_config.json").read_text())
    logits = session.run(None, {session.get_inputs()[0].name: preprocess(image, config)})[0]
    answered = time.perf_counter()
    print(json.dumps({
        "importMs": (imported - started) * 1000,
        "sessionMs": (created - imported) * 1000,
        "firstInferenceMs": (answered - created) * 1000,
        "logits": logits[0].tolist(),
        "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "onnxruntime": ort.__version__,
    }), flush=True)


main()
