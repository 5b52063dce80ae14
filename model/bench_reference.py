"""Reference timings for bench/core.sh: the Hugging Face pipeline (PyTorch) and ONNX Runtime in Python.

Per image, on the same files the Java benchmark reads:
  * HF pipeline end to end: load_image (EXIF transpose, convert RGB), the model's PIL image processor,
    PyTorch forward, softmax (needs --checkpoint, a Hugging Face checkpoint folder);
  * ORT Python end to end: the same preprocessing, then onnxruntime on the export's ONNX file;
  * ORT Python bare session.run on an input already built.
Prints medians and p90 in milliseconds, and peak RSS.
"""

import argparse
import resource
import statistics
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from transformers import AutoModelForImageClassification
from transformers.image_utils import load_image

from export import load_pil_processor


def percentile(values, p):
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(np.ceil(p / 100 * len(ordered))) - 1))
    return ordered[rank]


def report(name, values):
    print(f"{name:<34} {statistics.median(values):>10.2f} {percentile(values, 90):>10.2f}")


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, (time.perf_counter() - start) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--export", required=True, type=Path, help="export directory (model.onnx, preprocessor_config.json)")
    parser.add_argument("--images", required=True, type=Path, help="folder of images")
    parser.add_argument("--checkpoint", type=Path, help="Hugging Face checkpoint folder for the PyTorch pipeline")
    parser.add_argument("--model-file", default="model.onnx")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--spinning", choices=["0", "1"], default="1",
                        help="session.intra_op.allow_spinning (ONNX Runtime's default: 1)")
    args = parser.parse_args()

    files = sorted(p for p in args.images.iterdir() if p.is_file())
    processor = load_pil_processor(args.export)

    def preprocess(path):
        return processor(images=load_image(str(path)), return_tensors="np")["pixel_values"]

    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", args.spinning)
    session = ort.InferenceSession(str(args.export / args.model_file), options, providers=["CPUExecutionProvider"])
    input_name = session.get_inputs()[0].name
    session.run(None, {input_name: preprocess(files[0])})

    ort_e2e, ort_bare = [], []
    for _ in range(args.rounds):
        for path in files:
            start = time.perf_counter()
            pixel_values = preprocess(path)
            session.run(None, {input_name: pixel_values})
            ort_e2e.append((time.perf_counter() - start) * 1000)
            ort_bare.append(timed(lambda: session.run(None, {input_name: pixel_values}))[1])

    print(f"Python reference: {len(files)} images x {args.rounds} rounds, {args.threads} threads, spinning {args.spinning}, "
          f"onnxruntime {ort.__version__}, torch {torch.__version__}")
    print(f"{'stage (ms per image)':<34} {'median':>10} {'p90':>10}")
    report("ORT Python end to end (batch 1)", ort_e2e)
    report("ORT Python bare session.run", ort_bare)

    if args.checkpoint:
        torch.set_num_threads(args.threads)
        model = AutoModelForImageClassification.from_pretrained(args.checkpoint).eval()
        pipeline_e2e = []

        def classify(path):
            with torch.inference_mode():
                logits = model(pixel_values=torch.from_numpy(preprocess(path))).logits
                probabilities = logits.softmax(-1)[0]
                return model.config.id2label[int(probabilities.argmax())]

        classify(files[0])
        for _ in range(args.rounds):
            for path in files:
                pipeline_e2e.append(timed(lambda: classify(path))[1])
        report("HF pipeline PyTorch end to end", pipeline_e2e)
    print(f"{'peak RSS (MiB)':<34} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024:>10}")


if __name__ == "__main__":
    main()
