"""Pillow decode and the Hugging Face PIL image processor, per image: the Python half of bench/decode.sh.

Decode is transformers' load_image (open, EXIF transpose, convert("RGB")), the step the Java ImageDecoder
mirrors; preprocess is the slow (use_fast=False, PIL backend) processor of the export, to numpy. Prints the
first call of the process and the medians of the sum over all images per round, after one round of warm-up,
as "key value" lines, and each image's medians as "image NAME DECODE_MS PREPROCESS_MS", like
dev.virtus.scan.bench.DecodeBenchmark. Times are the calling thread's CPU time, as on the Java side.
"""

import argparse
import statistics
import time
from pathlib import Path

from transformers.image_utils import load_image

from export import load_pil_processor


def time_round(paths, processor):
    decode_ms = preprocess_ms = 0.0
    for path in paths:
        start = time.thread_time()
        image = load_image(str(path))
        decoded = time.thread_time()
        processor(images=image, return_tensors="np")
        end = time.thread_time()
        decode_ms += (decoded - start) * 1000
        preprocess_ms += (end - decoded) * 1000
    return decode_ms, preprocess_ms


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--export", required=True, type=Path, help="export directory (preprocessor_config.json)")
    parser.add_argument("--images", required=True, type=Path, help="folder of images")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    paths = sorted(p for p in args.images.iterdir() if p.is_file())
    processor = load_pil_processor(args.export)
    first_decode, first_preprocess = time_round(paths[:1], processor)
    print(f"first_decode_ms {first_decode:.3f}\nfirst_preprocess_ms {first_preprocess:.3f}")
    time_round(paths, processor)
    per_image = [[time_round([path], processor) for path in paths] for _ in range(args.rounds)]
    for i, path in enumerate(paths):
        print(f"image {path.name} {statistics.median(r[i][0] for r in per_image):.3f} "
              f"{statistics.median(r[i][1] for r in per_image):.3f}")
    print(f"images {len(paths)}")
    print(f"decode_ms {statistics.median(sum(t[0] for t in r) for r in per_image):.3f}")
    print(f"preprocess_ms {statistics.median(sum(t[1] for t in r) for r in per_image):.3f}")


if __name__ == "__main__":
    main()
