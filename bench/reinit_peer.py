"""The Python peer of `zoo reinit`: onnx.load, torch.nn.init per weight,
onnx.save. Run by bench/reinit.ts in the same session as zoo, so that both
are timed on the same machine and files.

Usage: python3 bench/reinit_peer.py IN.onnx OUT.onnx
"""

import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper


def main(source: str, target: str) -> None:
    torch.manual_seed(7)
    model = onnx.load(source)
    for tensor in model.graph.initializer:
        if tensor.data_type != onnx.TensorProto.FLOAT:
            continue
        weight = torch.from_numpy(numpy_helper.to_array(tensor).copy())
        if weight.dim() >= 2:
            torch.nn.init.kaiming_normal_(weight, nonlinearity="relu")
        else:
            torch.nn.init.zeros_(weight)
        tensor.CopyFrom(numpy_helper.from_array(weight.numpy().astype(np.float32), tensor.name))
    onnx.save(model, target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
