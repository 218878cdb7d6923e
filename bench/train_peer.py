"""The PyTorch peer of bench/train.ts: the Fashion-MNIST convnet of
recipes/fashion-mnist-convnet.json trained with the same SGD on the CPU.

The net is @zoo/train's `convnet` with conv [32, 64], kernel 3, fc [256]:
conv 3x3 same + ReLU + maxpool 2x2/2 twice, flatten, fc 256 + ReLU, fc 10.
SGD: lr 0.02, momentum 0.9, Nesterov, weight decay 5e-4 on every
parameter (the recipe's decayBiases is true). Batches are drawn as zoo
draws them: the first LIMIT training images held as bytes, a seeded
permutation, and per step a float32 batch normalised with the recipe's
mean and std. Only the steps after the warm-up are timed; the loss is read
back each step, as zoo reads it.

Usage: python3 bench/train_peer.py --threads N [--steps 150] [--warmup 10]
           [--batch 64] [--limit 10240]
Prints one JSON line: threads, batch, steps, imagesPerSecond.
"""

import argparse
import gzip
import json
import time

import numpy as np
import torch
from torch import nn

IMAGES = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"
LABELS = "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"
MEAN, STD = 0.286, 0.353


def read_idx(path: str, header: int) -> np.ndarray:
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def convnet() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.ReLU(),
        nn.Linear(256, 10))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--limit", type=int, default=10240)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    pixels = read_idx(IMAGES, 16).reshape(-1, 1, 28, 28)[: args.limit]
    labels = read_idx(LABELS, 8)[: args.limit].astype(np.int64)
    order = np.random.default_rng(0).permutation(len(pixels))
    net = convnet()
    assert sum(p.numel() for p in net.parameters()) == 824458
    sgd = torch.optim.SGD(net.parameters(), lr=0.02, momentum=0.9,
                          nesterov=True, weight_decay=5e-4)

    def step(s: int) -> float:
        at = (s * args.batch) % (len(order) - args.batch + 1)
        pick = order[at:at + args.batch]
        x = (torch.from_numpy(pixels[pick]).float() / 255 - MEAN) / STD
        y = torch.from_numpy(labels[pick])
        sgd.zero_grad()
        loss = nn.functional.cross_entropy(net(x), y)
        loss.backward()
        sgd.step()
        return loss.item()

    net.train()
    for s in range(args.warmup):
        step(s)
    start = time.perf_counter()
    for s in range(args.warmup, args.warmup + args.steps):
        step(s)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "threads": args.threads,
        "batch": args.batch,
        "steps": args.steps,
        "imagesPerSecond": args.steps * args.batch / seconds,
    }))


if __name__ == "__main__":
    main()
