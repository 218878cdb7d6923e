"""Models for the importer's own tests, built with onnx.helper.

Usage: python3 import_models.py OUTDIR. Writes unsupported.onnx (ops
without converters), restricted.onnx (attributes a converter refuses),
dense.onnx (a Gemm), bn.onnx (Conv then BatchNormalization) and
convnet.onnx (Conv, Relu, MaxPool, LRN, Flatten, Gemm; for gradients).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto as TP, helper as h, numpy_helper as nh

out = sys.argv[1]
rng = np.random.default_rng(1)


def save(nodes, name, inputs, inits, opsets=(('', 13),)):
    g = h.make_graph(nodes, name,
                     [h.make_tensor_value_info(n, TP.FLOAT, s)
                      for n, s in inputs],
                     [h.make_tensor_value_info('y', TP.FLOAT, None)], inits)
    m = h.make_model(g, opset_imports=[h.make_opsetid(d, v)
                                       for d, v in opsets])
    m.ir_version = 7
    onnx.save(m, os.path.join(out, f'{name}.onnx'))


save([h.make_node('Relu', ['x'], ['a']),
      h.make_node('Erf', ['a'], ['b']),
      h.make_node('HardSigmoid', ['b'], ['c']),
      h.make_node('HardSigmoid', ['c'], ['d']),
      h.make_node('Foo', ['d'], ['y'], domain='com.example')],
     'unsupported', [('x', [2, 3])], [],
     opsets=(('', 13), ('com.example', 1)))

save([h.make_node('LRN', ['x'], ['a'], size=4),
      h.make_node('MaxPool', ['a'], ['y'], kernel_shape=[2, 2],
                  dilations=[2, 2])],
     'restricted', [('x', [1, 3, 8, 8])], [])

w = rng.standard_normal((4, 3)).astype(np.float32)
b = rng.standard_normal(4).astype(np.float32)
save([h.make_node('Gemm', ['x', 'fc.w', 'fc.b'], ['y'], transB=1)],
     'dense', [('x', [5, 3])],
     [nh.from_array(w, 'fc.w'), nh.from_array(b, 'fc.b')])

c = lambda *s: rng.standard_normal(s).astype(np.float32)
save([h.make_node('Conv', ['x', 'conv.w'], ['a']),
      h.make_node('BatchNormalization',
                  ['a', 'bn.scale', 'bn.bias', 'bn.mean', 'bn.var'], ['y'])],
     'bn', [('x', [1, 3, 5, 5])],
     [nh.from_array(c(2, 3, 3, 3), 'conv.w'),
      nh.from_array(c(2), 'bn.scale'), nh.from_array(c(2), 'bn.bias'),
      nh.from_array(c(2), 'bn.mean'),
      nh.from_array(np.abs(c(2)) + 1, 'bn.var')])

save([h.make_node('Conv', ['x', 'c.w', 'c.b'], ['a'], pads=[1, 1, 1, 1],
                  strides=[2, 2]),
      h.make_node('Relu', ['a'], ['r']),
      h.make_node('MaxPool', ['r'], ['p'], kernel_shape=[2, 2],
                  strides=[2, 2], ceil_mode=1),
      h.make_node('LRN', ['p'], ['n'], size=3, alpha=0.1, beta=0.75),
      h.make_node('Flatten', ['n'], ['f']),
      h.make_node('Gemm', ['f', 'fc.w', 'fc.b'], ['y'], transB=1)],
     'convnet', [('x', [2, 3, 9, 9])],
     [nh.from_array(c(4, 3, 3, 3), 'c.w'), nh.from_array(c(4), 'c.b'),
      nh.from_array(c(5, 36), 'fc.w'), nh.from_array(c(5), 'fc.b')])
