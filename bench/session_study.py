"""What ONNX Runtime session creation costs per optimisation level, and what a graph optimised ahead of time
(saved by ONNX Runtime itself, then loaded with optimisations off) saves, for each ONNX file of an export.

Each case is created ROUNDS times in a fresh process (the first creation in a process pays one-off costs that
a cold start pays too); medians are printed with the per-image time at batch 1 and the largest logit
difference from the original graph at full optimisation on the sample images.

Usage: python bench/session_study.py EXPORT_DIR [--threads 2] [--rounds 3]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LEVELS = ["all", "extended", "basic", "disable"]

CHILD = r"""
import json, sys, time
started = time.perf_counter()
import numpy as np, onnxruntime as ort
imported = time.perf_counter()
path, level, threads, inputs = sys.argv[1], sys.argv[2], int(sys.argv[3]), np.load(sys.argv[4])
options = ort.SessionOptions()
options.intra_op_num_threads = threads
options.inter_op_num_threads = 1
options.graph_optimization_level = getattr(ort.GraphOptimizationLevel, "ORT_ENABLE_ALL" if level == "all" else
    {"disable": "ORT_DISABLE_ALL", "basic": "ORT_ENABLE_BASIC", "extended": "ORT_ENABLE_EXTENDED"}[level])
created = time.perf_counter()
session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
ready = time.perf_counter()
first = session.run(None, {"pixel_values": inputs[:1]})[0]
answered = time.perf_counter()
times = []
for _ in range(10):
    t = time.perf_counter(); session.run(None, {"pixel_values": inputs[:1]}); times.append(time.perf_counter() - t)
logits = np.concatenate([session.run(None, {"pixel_values": row[None]})[0] for row in inputs])
print(json.dumps({"create_ms": (ready - created) * 1000, "first_run_ms": (answered - ready) * 1000,
                  "run_ms": sorted(times)[5] * 1000, "logits": logits.tolist()}))
"""


def optimise(source: Path, target: Path, level: str) -> None:
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.graph_optimization_level = {"basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
                                        "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                                        "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL}[level]
    options.optimized_model_filepath = str(target)
    ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("export", type=Path)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import numpy as np
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "model"))
    from export import load_pil_processor, sample_images

    processor = load_pil_processor(args.export)
    inputs = processor(images=sample_images(), return_tensors="np")["pixel_values"].astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        np.save(Path(tmp) / "inputs.npy", inputs)
        cases = []
        for name in ["model.onnx", "model.int8.onnx"]:
            source = args.export / name
            if not source.exists():
                continue
            cases += [(name, source, level) for level in LEVELS]
            for saved in ["extended", "all"]:
                target = Path(tmp) / f"{source.stem}.{saved}.onnx"
                optimise(source, target, saved)
                cases += [(f"{name} saved at {saved}", target, "disable"), (f"{name} saved at {saved}", target, saved)]
        reference = {}
        print(f"{args.threads} threads, medians of {args.rounds} fresh processes")
        print(f"{'graph':34s} {'loaded at':9s} {'create ms':>9s} {'first run':>9s} {'ms/image':>8s} {'max|dlogit|':>11s}")
        for label, path, level in cases:
            runs = []
            for _ in range(args.rounds):
                out = subprocess.run([sys.executable, "-c", CHILD, str(path), level, str(args.threads),
                                      str(Path(tmp) / "inputs.npy")], check=True, capture_output=True, text=True)
                runs.append(json.loads(out.stdout))
            logits = np.array(runs[0]["logits"])
            base = label.split(" ")[0]
            if label == base and level == "all":
                reference[base] = logits
            diff = float(np.abs(logits - reference[base]).max())
            print(f"{label:34s} {level:9s} {statistics.median(r['create_ms'] for r in runs):9.0f}"
                  f" {statistics.median(r['first_run_ms'] for r in runs):9.0f}"
                  f" {statistics.median(r['run_ms'] for r in runs):8.1f} {diff:11.2e}")


if __name__ == "__main__":
    main()
