#!/usr/bin/python3
"""Writes the first images of Fashion-MNIST (the Debian package's IDX files)
as ONNX TensorProto files, the layout `dfp-train --data-dir` reads:
train_images.pb (float [N, 1, 28, 28], normalised), train_labels.pb (int64
[N]), test_images.pb, test_labels.pb.

Needs Debian's python3-onnx and python3-numpy (run with /usr/bin/python3).
Usage: write_tensor_dataset.py OUTDIR TRAIN_COUNT TEST_COUNT [FMNIST_DIR]
"""
import gzip
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big")
            for i in range(rank)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * rank).reshape(dims)


def main():
    out, train_count, test_count = sys.argv[1], int(sys.argv[2]), \
        int(sys.argv[3])
    source = sys.argv[4] if len(sys.argv) > 4 else \
        "/usr/share/datasets/fashion-mnist"
    os.makedirs(out, exist_ok=True)
    for split, prefix, count in [("train", "train", train_count),
                                 ("test", "t10k", test_count)]:
        images = read_idx(os.path.join(source,
                                       prefix + "-images-idx3-ubyte.gz"))
        labels = read_idx(os.path.join(source,
                                       prefix + "-labels-idx1-ubyte.gz"))
        x = (images[:count].astype(np.float32) / 255.0 - 0.2860) / 0.3530
        x = x.reshape(count, 1, 28, 28)
        y = labels[:count].astype(np.int64)
        for name, array in [("images", x), ("labels", y)]:
            tensor = numpy_helper.from_array(array, split + "_" + name)
            with open(os.path.join(out, "%s_%s.pb" % (split, name)),
                      "wb") as f:
                f.write(tensor.SerializeToString())


if __name__ == "__main__":
    main()
