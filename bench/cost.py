#!/usr/bin/env python3
"""Price per million images, from measured per-image time (Lambda) and throughput (the GPU service).

Lambda: duration (GB-s) = memory (GB) x per-image time (s), plus the request charge; one image per call.
The GPU service: instance price per hour / (images per second x 3600).

Each measured figure is either a number or the output file of a benchmark:
  --fp32, --int8   milliseconds per image, or bench/core.sh output (its Java core table's
                   "end to end (batch 1)" median is read)
  --service        images per second, or bench/batching.sh output (its best images/s row is read)
Prices (USD) default to those below; pass --instance-hour (P) to price the service, else it prints "N x P".

Usage: bench/cost.py --fp32 core-fp32.txt --int8 core-int8.txt --service batching.txt --instance-hour 0.526
"""

import argparse
import re
from pathlib import Path

# AWS Lambda, US East (N. Virginia), first pricing tier, as listed at https://aws.amazon.com/lambda/pricing/
# (read through copies of that page on 2026-12-06; check it before relying on these).
PRICE_DATE = "2026-12-06"
GB_SECOND = {"x86_64": 0.0000166667, "arm64": 0.0000133334}
REQUEST = 0.20 / 1_000_000


def figure(value, pattern, pick):
    """A number given directly, or pick (min, max, ...) of the matches of pattern (one group) in the named file."""
    try:
        return float(value)
    except ValueError:
        pass
    matches = [float(m) for m in re.findall(pattern, Path(value).read_text(), re.MULTILINE)]
    if not matches:
        raise SystemExit(f"FAIL: no figure matching {pattern!r} in {value}")
    return pick(matches)


def lambda_per_million(ms, memory_mb, architecture):
    return (memory_mb / 1024 * ms / 1000 * GB_SECOND[architecture] + REQUEST) * 1_000_000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fp32", help="ms per image, or bench/core.sh output, fp32 model")
    parser.add_argument("--int8", help="ms per image, or bench/core.sh output, int8 model")
    parser.add_argument("--fp32-memory", type=int, default=3008, help="MB (Terraform memory_size for fp32; default 3008)")
    parser.add_argument("--int8-memory", type=int, default=2048, help="MB (documented size for int8; default 2048)")
    parser.add_argument("--service", help="images per second, or bench/batching.sh output")
    parser.add_argument("--instance-hour", type=float, help="USD per instance-hour of the service's host")
    args = parser.parse_args()

    end_to_end = r"^end to end \(batch 1\)\s+([\d.]+)"
    print(f"Prices: AWS Lambda us-east-1, ${GB_SECOND['x86_64']:.10f}/GB-s x86_64, ${GB_SECOND['arm64']:.10f}/GB-s arm64, "
          f"${REQUEST * 1e6:.2f} per million requests (as listed {PRICE_DATE})")
    print()
    print("| deployment | per image | memory | USD per million images |")
    print("|---|---:|---:|---:|")
    for name, value, memory in (("fp32", args.fp32, args.fp32_memory), ("int8", args.int8, args.int8_memory)):
        if value is None:
            continue
        ms = figure(value, end_to_end, lambda found: found[0])
        for architecture in ("x86_64", "arm64"):
            print(f"| Lambda {architecture}, {name} | {ms:.1f} ms | {memory} MB | "
                  f"{lambda_per_million(ms, memory, architecture):.2f} |")
    if args.service is not None:
        rate = figure(args.service, r"^\s*\d+\s+\d+\s+([\d.]+)\s", max)
        hours_per_million = 1_000_000 / (rate * 3600)
        price = f"{args.instance_hour * hours_per_million:.2f}" if args.instance_hour else f"{hours_per_million:.2f} x P"
        print(f"| service, {rate:.2f} images/s per instance | {1000 / rate:.1f} ms | - | {price} |")


if __name__ == "__main__":
    main()
