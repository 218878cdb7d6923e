"""One-node ONNX models for the converter tests, built with onnx.helper.

Usage: python3 one_node_models.py OUTDIR GROUP. Writes GROUP's models
(checked by onnx.checker) and prints a JSON list of their file names.
Integer inputs (shapes, axes, indices) are initializers; float inputs are
graph inputs, fed the same seeded values in onnxruntime and in tfjs.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto as TP, helper as h, numpy_helper as nh

out, group = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(0)
written = []


def vi(name, shape, t=TP.FLOAT):
    return h.make_tensor_value_info(name, t, shape)


def f32(*shape):
    return (rng.standard_normal(shape) * 0.5).astype(np.float32)


def model(name, op, inputs, attrs=None, opset=13, otype=TP.FLOAT):
    """inputs: list of (name, shape) fed, or (name, ndarray) initializers."""
    graph_inputs, initializers, names = [], [], []
    for n, v in inputs:
        names.append(n)
        if n == '':
            continue
        if isinstance(v, np.ndarray):
            initializers.append(nh.from_array(v, n))
        else:
            graph_inputs.append(vi(n, v))
    outs = ['y']
    node = h.make_node(op, names, outs, **(attrs or {}))
    g = h.make_graph([node], name, graph_inputs,
                     [vi(o, None, otype) for o in outs],
                     initializers)
    m = h.make_model(g, opset_imports=[h.make_opsetid('', opset)])
    m.ir_version = 7
    # The output's shape comes from onnx's own shape inference.
    inferred = onnx.shape_inference.infer_shapes(m).graph.output
    del m.graph.output[:]
    m.graph.output.extend(inferred)
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(out, f'{name}.onnx'))
    written.append(f'{name}.onnx')


X = [2, 4, 9, 9]


def conv():
    model('conv_pads', 'Conv', [('x', X), ('w', f32(6, 4, 3, 3)),
                                ('b', f32(6))], {'pads': [1, 1, 1, 1]})
    model('conv_asym', 'Conv', [('x', X), ('w', f32(5, 4, 3, 2))],
          {'pads': [0, 1, 2, 0], 'strides': [2, 1]})
    model('conv_group2', 'Conv', [('x', X), ('w', f32(6, 2, 3, 3)),
                                  ('b', f32(6))], {'group': 2})
    model('conv_depthwise', 'Conv', [('x', X), ('w', f32(8, 1, 3, 3))],
          {'group': 4, 'pads': [1, 1, 1, 1]})
    for mode in ['SAME_UPPER', 'SAME_LOWER', 'VALID']:
        model(f'conv_{mode.lower()}', 'Conv',
              [('x', [2, 4, 8, 8]), ('w', f32(3, 4, 4, 4))],
              {'auto_pad': mode, 'strides': [3, 3]})
    model('conv_dilated', 'Conv', [('x', X), ('w', f32(3, 4, 3, 3))],
          {'dilations': [2, 2], 'pads': [2, 1, 2, 1]}, opset=11)


def gemm():
    model('gemm_all', 'Gemm', [('a', [5, 3]), ('b', f32(4, 5)),
                               ('c', f32(1, 4))],
          {'alpha': 0.5, 'beta': 2.0, 'transA': 1, 'transB': 1})
    model('gemm_no_c', 'Gemm', [('a', [3, 5]), ('b', f32(5, 4))], opset=11)
    model('gemm_op9', 'Gemm', [('a', [3, 5]), ('b', f32(5, 4)),
                               ('c', f32(4))], opset=9)


def mat_mul():
    model('matmul_2d', 'MatMul', [('a', [3, 5]), ('b', [5, 4])])
    model('matmul_batch', 'MatMul', [('a', [2, 3, 5]), ('b', f32(5, 4))])
    model('matmul_vec', 'MatMul', [('a', [5]), ('b', [5, 4])])


def binary_math():
    for op in ['Add', 'Sub', 'Mul', 'Div']:
        model(f'{op.lower()}_bcast', op, [('a', [2, 3, 4]), ('b', [4])])
        model(f'{op.lower()}_init', op, [('a', [2, 3]), ('b', f32(2, 1) + 2)],
              opset=7)


def activations():
    for op in ['Relu', 'Tanh', 'Sigmoid']:
        model(op.lower(), op, [('x', [3, 4, 5])])
    model('leakyrelu', 'LeakyRelu', [('x', [3, 4])], {'alpha': 0.3})
    model('leakyrelu_default', 'LeakyRelu', [('x', [3, 4])])


def clip():
    model('clip_op7', 'Clip', [('x', [3, 4])], {'min': -0.2, 'max': 0.3},
          opset=7)
    model('clip_op13', 'Clip', [('x', [3, 4]),
                                ('lo', np.array(-0.1, np.float32))])
    model('clip_op13_both', 'Clip', [('x', [3, 4]),
                                     ('lo', np.array(-0.1, np.float32)),
                                     ('hi', np.array(0.2, np.float32))])


def lrn():
    model('lrn_alexnet', 'LRN', [('x', [2, 7, 5, 5])],
          {'size': 5, 'alpha': 1e-4, 'beta': 0.75, 'bias': 2.0})
    model('lrn_big_alpha', 'LRN', [('x', [2, 7, 5, 5])],
          {'size': 3, 'alpha': 0.5, 'beta': 0.5, 'bias': 1.0})


def max_pool():
    model('maxpool_ceil', 'MaxPool', [('x', [2, 3, 10, 10])],
          {'kernel_shape': [3, 3], 'strides': [2, 2], 'ceil_mode': 1})
    model('maxpool_pads', 'MaxPool', [('x', [2, 3, 9, 9])],
          {'kernel_shape': [3, 2], 'pads': [1, 0, 1, 1], 'strides': [2, 1]})
    model('maxpool_same_lower', 'MaxPool', [('x', [1, 2, 7, 7])],
          {'kernel_shape': [2, 2], 'auto_pad': 'SAME_LOWER'}, opset=11)


def average_pool():
    for inc in [0, 1]:
        model(f'avgpool_pads_{inc}', 'AveragePool', [('x', [2, 3, 9, 9])],
              {'kernel_shape': [3, 3], 'pads': [1, 1, 2, 0],
               'count_include_pad': inc, 'strides': [2, 2]})
        model(f'avgpool_ceil_{inc}', 'AveragePool', [('x', [2, 3, 10, 10])],
              {'kernel_shape': [3, 3], 'strides': [2, 2], 'ceil_mode': 1,
               'pads': [1, 1, 1, 1], 'count_include_pad': inc})


def global_average_pool():
    model('gap', 'GlobalAveragePool', [('x', [2, 3, 5, 4])])


def identity():
    model('identity', 'Identity', [('x', [2, 3])])
    model('dropout_op7', 'Dropout', [('x', [2, 3])], {'ratio': 0.3}, opset=7)
    model('dropout_op13', 'Dropout', [('x', [2, 3])])


def flatten():
    for axis in [0, 2, -1]:
        model(f'flatten_{axis}', 'Flatten', [('x', [2, 3, 4, 5])],
              {'axis': axis})


def reshape():
    model('reshape_zero', 'Reshape', [('x', [2, 3, 4]),
                                      ('s', np.array([0, -1], np.int64))])
    model('reshape_allowzero', 'Reshape',
          [('x', [2, 3, 4]), ('s', np.array([4, 3, 2], np.int64))],
          {'allowzero': 1}, opset=14)


def softmax():
    for op in ['Softmax', 'LogSoftmax']:
        model(f'{op.lower()}_op11_axis1', op, [('x', [2, 3, 4])],
              {'axis': 1}, opset=11)
        model(f'{op.lower()}_op11_default', op, [('x', [2, 3, 4])], opset=11)
        model(f'{op.lower()}_op13_axis1', op, [('x', [2, 3, 4])],
              {'axis': 1})
        model(f'{op.lower()}_op13_default', op, [('x', [2, 3, 4])])


def batch_normalization():
    model('bn', 'BatchNormalization',
          [('x', [2, 3, 4, 4]), ('s', f32(3)), ('b', f32(3)),
           ('m', f32(3)), ('v', np.abs(f32(3)) + 0.5)], {'epsilon': 1e-3})


def concat():
    model('concat_neg', 'Concat', [('a', [2, 3, 4]), ('b', [2, 1, 4])],
          {'axis': -2})


def constant():
    model('constant_value', 'Constant', [],
          {'value': nh.from_array(f32(2, 3), 'v')})
    model('constant_floats', 'Constant', [], {'value_floats': [1.5, -2.0]})


def transpose():
    model('transpose_perm', 'Transpose', [('x', [2, 3, 4])],
          {'perm': [1, 2, 0]})
    model('transpose_default', 'Transpose', [('x', [2, 3, 4])])


def pad():
    model('pad_op7', 'Pad', [('x', [2, 3])],
          {'pads': [1, 0, 0, 2], 'value': 1.5}, opset=7)
    for mode in ['constant', 'reflect', 'edge']:
        model(f'pad_{mode}', 'Pad',
              [('x', [1, 2, 4, 4]),
               ('p', np.array([0, 0, 1, 2, 0, 0, 2, 1], np.int64))],
              {'mode': mode}, opset=11)
    model('pad_negative', 'Pad',
          [('x', [3, 4]), ('p', np.array([1, -1, -1, 2], np.int64))],
          opset=11)


def squeeze():
    model('squeeze_op11', 'Squeeze', [('x', [1, 3, 1, 2])], {'axes': [0]},
          opset=11)
    model('squeeze_op13', 'Squeeze', [('x', [1, 3, 1, 2]),
                                      ('a', np.array([-2], np.int64))])
    model('squeeze_all', 'Squeeze', [('x', [1, 3, 1, 2])])
    model('unsqueeze_op11', 'Unsqueeze', [('x', [3, 2])], {'axes': [0, 3]},
          opset=11)
    model('unsqueeze_op13', 'Unsqueeze', [('x', [3, 2]),
                                          ('a', np.array([-1, 1], np.int64))])


def shape():
    model('shape', 'Shape', [('x', [2, 3, 4])], otype=TP.INT64)
    model('shape_slice', 'Shape', [('x', [2, 3, 4, 5])],
          {'start': 1, 'end': -1}, opset=15, otype=TP.INT64)


def gather():
    model('gather_axis1', 'Gather',
          [('x', [3, 4, 2]), ('i', np.array([[0, -1], [2, 1]], np.int64))],
          {'axis': 1})


def cast():
    model('cast_to_int', 'Cast', [('x', [3, 4])], {'to': TP.INT32}, otype=TP.INT32)
    model('cast_to_float', 'Cast', [('x', [3, 4])], {'to': TP.DOUBLE}, otype=TP.DOUBLE)


globals()[group]()
print(json.dumps(written))
