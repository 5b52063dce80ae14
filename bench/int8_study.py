"""Which int8 variant of an export to ship: dynamic against static (QDQ, calibrated) quantization, per-tensor
against per-channel weights, MatMul only against every operator ONNX Runtime quantizes, and blockwise 8-bit
weights (MatMulNBits) whose MatMuls quantize their activations per block of the same size and multiply in int8
(accuracy level 4).

For each variant it prints the median time per image at batch 1 on the given threads (fp32 measured in the
same run, interleaved, so the ratio survives a noisy machine), label agreement with fp32 and the largest
softmax probability difference on the goldens (export.py's sample images and every fixture image).
Calibration uses the fixture images only, so the sample images are unseen by it.

Usage: python bench/int8_study.py EXPORT_DIR [--threads 2] [--runs 30]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                      quantize_dynamic, quantize_static)
from onnxruntime.quantization.matmul_nbits_quantizer import DefaultWeightOnlyQuantConfig, MatMulNBitsQuantizer
from onnxruntime.quantization.shape_inference import quant_pre_process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "model"))
from export import int8_goldens, load_pil_processor, logits_one_by_one, sample_images, softmax  # noqa: E402


class Calibration(CalibrationDataReader):
    def __init__(self, inputs: np.ndarray):
        self.batches = iter([{"pixel_values": row[None]} for row in inputs])

    def get_next(self):
        return next(self.batches, None)


def session(path: Path, threads: int) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def variants(prepared: Path, out: Path, calibration: np.ndarray) -> dict[str, Path]:
    made = {}

    def dynamic(name, **kwargs):
        made[name] = out / f"{name}.onnx"
        quantize_dynamic(str(prepared), str(made[name]), weight_type=QuantType.QInt8, **kwargs)

    def static(name, **kwargs):
        made[name] = out / f"{name}.onnx"
        quantize_static(str(prepared), str(made[name]), Calibration(calibration), quant_format=QuantFormat.QDQ,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                        calibrate_method=CalibrationMethod.MinMax, **kwargs)

    def blockwise(name, block_size):
        made[name] = out / f"{name}.onnx"
        quantizer = MatMulNBitsQuantizer(str(prepared), algo_config=DefaultWeightOnlyQuantConfig(
            block_size=block_size, is_symmetric=True, accuracy_level=4, bits=8))
        quantizer.process()
        quantizer.model.save_model_to_file(str(made[name]))

    dynamic("dynamic")
    dynamic("dynamic-per-channel", per_channel=True)
    dynamic("dynamic-matmul", op_types_to_quantize=["MatMul"])
    dynamic("dynamic-matmul-per-channel", op_types_to_quantize=["MatMul"], per_channel=True)
    static("static-qdq-matmul", op_types_to_quantize=["MatMul"])
    static("static-qdq-matmul-per-channel", op_types_to_quantize=["MatMul"], per_channel=True)
    static("static-qdq-all-per-channel", per_channel=True)
    blockwise("blockwise8-block32", 32)
    blockwise("blockwise8-block128", 128)
    return made


def timed(models: dict[str, ort.InferenceSession], image: np.ndarray, runs: int) -> dict[str, float]:
    feed = {"pixel_values": image[None]}
    for model in models.values():
        for _ in range(3):
            model.run(None, feed)
    samples = {name: [] for name in models}
    for _ in range(runs):
        for name, model in models.items():
            started = time.perf_counter()
            model.run(None, feed)
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("export", type=Path)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    goldens = int8_goldens(load_pil_processor(args.export))
    unseen = len(sample_images())
    samples, calibration = goldens[:unseen], goldens[unseen:]

    with tempfile.TemporaryDirectory() as tmp:
        prepared = Path(tmp) / "prepared.onnx"
        quant_pre_process(str(args.export / "model.onnx"), str(prepared), skip_symbolic_shape=False)
        paths = {"fp32": args.export / "model.onnx", **variants(prepared, Path(tmp), calibration)}
        models = {name: session(path, args.threads) for name, path in paths.items()}
        reference = logits_one_by_one(models["fp32"], goldens)
        medians = timed(models, samples[0], args.runs)

        print(f"onnxruntime {ort.__version__}, {args.threads} threads, batch 1, median of {args.runs};"
              f" {len(goldens)} goldens ({len(samples)} unseen by calibration)")
        print(f"{'variant':32s} {'MB':>6s} {'ms/image':>9s} {'x fp32':>7s} {'agree':>7s} {'max|dp|':>8s} {'unseen':>8s}")
        for name, model in models.items():
            quantized = logits_one_by_one(model, goldens)
            agreement = np.mean(reference.argmax(-1) == quantized.argmax(-1))
            dp = np.abs(softmax(reference) - softmax(quantized)).max(-1)
            print(f"{name:32s} {paths[name].stat().st_size / 1e6:6.1f} {medians[name]:9.1f}"
                  f" {medians[name] / medians['fp32']:7.2f} {agreement:7.2%} {dp.max():8.4f} {dp[:len(samples)].max():8.4f}")


if __name__ == "__main__":
    main()
