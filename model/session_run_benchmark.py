"""Bare InferenceSession.run on one fixed random input: Python's side of bench/ort-gap.sh.

Arguments: ONNX file, runs, intra-op threads, spinning (0/1), optimisation level (ALL_OPT, EXTENDED_OPT,
BASIC_OPT, NO_OPT), and optionally a path to save the optimised graph to.
"""

import sys
import time

import numpy as np
import onnxruntime as ort

LEVELS = {
    "ALL_OPT": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
    "EXTENDED_OPT": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
    "BASIC_OPT": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
    "NO_OPT": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
}


def main(model, runs, threads, spinning, level, optimized_out=None):
    options = ort.SessionOptions()
    options.intra_op_num_threads = int(threads)
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = LEVELS[level]
    options.add_session_config_entry("session.intra_op.allow_spinning", spinning)
    if optimized_out:
        options.optimized_model_filepath = optimized_out
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    pixel_values = np.random.default_rng(0).standard_normal((1, 3, 224, 224), dtype=np.float32)
    session.run(None, {name: pixel_values})
    millis = []
    for _ in range(int(runs)):
        start = time.perf_counter()
        session.run(None, {name: pixel_values})
        millis.append((time.perf_counter() - start) * 1000)
    millis.sort()
    print(f"python ORT {ort.__version__} threads={threads} spinning={spinning} {level}: "
          f"median {millis[len(millis) // 2]:.1f} ms, p90 {millis[int(len(millis) * 0.9)]:.1f} ms")


if __name__ == "__main__":
    main(*sys.argv[1:])
