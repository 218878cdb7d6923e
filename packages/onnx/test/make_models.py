"""Builds the tiny test models of @zoo/onnx with the official onnx helpers.

Usage: python3 make_models.py OUTDIR. Every model is written with
onnx.save and passes onnx.checker, so the package is tested against files
it did not write itself.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto as TP, helper as h, numpy_helper as nh

out = sys.argv[1]
rng = np.random.default_rng(0)


def arr(shape, dtype=np.float32):
    return (rng.standard_normal(shape) * 0.1).astype(dtype)


def init(name, a):
    return nh.from_array(a, name)


def save(model, name):
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, name))


def vi(name, shape, t=TP.FLOAT):
    return h.make_tensor_value_info(name, t, shape)


def layouts():
    inits = [
        init('conv.w', arr((6, 2, 3, 3))), init('conv.b', arr(6)),
        init('bn.scale', arr(6) + 1), init('bn.bias', arr(6)),
        init('bn.mean', arr(6)), init('bn.var', np.abs(arr(6)) + 1),
        init('deconv.w', arr((6, 3, 2, 2))), init('deconv.b', arr(3)),
        init('fc1.w', arr((10, 768))), init('fc1.b', arr(10)),
        init('fc2.w', arr((10, 5))), init('fc2.b', arr(5)),
        init('mm.w', arr((5, 4))), init('mm.b', arr(4)),
        init('clip.min', np.array(-1.5, np.float32)),
        init('clip.max', np.array(2.5, np.float32)),
        init('shape', np.array([2, 2], np.int64)),
    ]
    nodes = [
        h.make_node('Conv', ['x', 'conv.w', 'conv.b'], ['c1'], name='conv',
                    group=2, pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        h.make_node('BatchNormalization',
                    ['c1', 'bn.scale', 'bn.bias', 'bn.mean', 'bn.var'],
                    ['b1'], name='bn'),
        h.make_node('LeakyRelu', ['b1'], ['a1'], alpha=0.2),
        h.make_node('ConvTranspose', ['a1', 'deconv.w', 'deconv.b'], ['d1'],
                    name='deconv', strides=[2, 2]),
        h.make_node('Sigmoid', ['d1'], ['a2']),
        h.make_node('Flatten', ['a2'], ['f']),
        h.make_node('Gemm', ['f', 'fc1.w', 'fc1.b'], ['g1'], name='fc1',
                    transB=1),
        h.make_node('Dropout', ['g1'], ['g1d']),
        h.make_node('Tanh', ['g1d'], ['a3']),
        h.make_node('Gemm', ['a3', 'fc2.w', 'fc2.b'], ['g2'], name='fc2'),
        h.make_node('Selu', ['g2'], ['a4']),
        h.make_node('MatMul', ['a4', 'mm.w'], ['m'], name='mm'),
        h.make_node('Add', ['m', 'mm.b'], ['mb'], name='mm.add'),
        h.make_node('Clip', ['mb', 'clip.min', 'clip.max'], ['a5']),
        h.make_node('Reshape', ['a5', 'shape'], ['y']),
    ]
    g = h.make_graph(nodes, 'layouts', [vi('x', [1, 4, 8, 8])],
                     [vi('y', [2, 2])], inits)
    save(h.make_model(g, opset_imports=[h.make_opsetid('', 13)]),
         'layouts.onnx')


def shared():
    w = init('w', arr((4, 4, 3, 3)))
    const = h.make_node('Constant', [], ['cb'], name='const',
                        value=nh.from_array(arr(4), 'cb_value'))
    nodes = [
        const,
        h.make_node('Conv', ['x', 'w', 'cb'], ['c1'], name='conv1',
                    pads=[1, 1, 1, 1]),
        h.make_node('Relu', ['c1'], ['r1']),
        h.make_node('Conv', ['r1', 'w'], ['y'], name='conv2',
                    pads=[1, 1, 1, 1]),
    ]
    g = h.make_graph(nodes, 'shared', [vi('x', [1, 4, 5, 5])],
                     [vi('y', [1, 4, 5, 5])], [w])
    save(h.make_model(g, opset_imports=[h.make_opsetid('', 13)]),
         'shared.onnx')


def halfs():
    a = arr((4, 2, 3, 3))
    f16 = a.astype(np.float16)
    bf_bits = (a.view(np.uint32) >> 16).astype(np.uint16)
    raw16 = h.make_tensor('w16raw', TP.FLOAT16, a.shape,
                          f16.tobytes(), raw=True)
    int16 = h.make_tensor('w16int', TP.FLOAT16, a.shape,
                          f16.astype(np.float32).ravel())
    rawbf = h.make_tensor('wbfraw', TP.BFLOAT16, a.shape,
                          bf_bits.tobytes(), raw=True)
    intbf = h.make_tensor('wbfint', TP.BFLOAT16, a.shape,
                          (bf_bits.astype(np.uint32) << 16).view(np.float32).ravel())
    f64 = init('w64', arr((4, 2, 3, 3), np.float64))
    fdata = h.make_tensor('wfdata', TP.FLOAT, a.shape, a.ravel().tolist())
    ins, nodes = [], []
    for i, t in enumerate([raw16, int16, rawbf, intbf, f64, fdata]):
        elem = t.data_type
        ins.append(vi(f'x{i}', [1, 4, 4, 4], elem))
        nodes.append(h.make_node('Conv', [f'x{i}', t.name], [f'y{i}'],
                                 group=2, name=f'conv{i}'))
    outs = [vi(f'y{i}', [1, 4, 2, 2], t.data_type) for i, t in
            enumerate([raw16, int16, rawbf, intbf, f64, fdata])]
    g = h.make_graph(nodes, 'halfs', ins, outs,
                     [raw16, int16, rawbf, intbf, f64, fdata])
    save(h.make_model(g, opset_imports=[h.make_opsetid('', 13)]),
         'halfs.onnx')


def dtypes():
    inits = []
    kinds = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16,
             np.uint32, np.uint64, np.bool_, np.float16, np.float32,
             np.float64]
    for k in kinds:
        name = np.dtype(k).name
        if k == np.bool_:
            a = np.array([True, False, True, True, False, False])
        elif np.issubdtype(k, np.integer):
            info = np.iinfo(k)
            a = np.array([info.min, info.max, 0, 1, 3, info.max // 3], k)
        else:
            a = np.array([-1.5, 65504, 1e-3, np.pi, -0.0, 2.5e-7], k)
        a = a.reshape(2, 3)
        raw = nh.from_array(a, f'{name}.raw')
        typed = h.make_tensor(f'{name}.typed', raw.data_type, a.shape,
                              a.ravel().tolist())
        inits += [raw, typed]
    outs = [vi(t.name, [2, 3], t.data_type) for t in inits]
    nodes = [h.make_node('Identity', [t.name], [t.name + '.out'])
             for t in inits]
    outs = [vi(t.name + '.out', [2, 3], t.data_type) for t in inits]
    g = h.make_graph(nodes, 'dtypes', [], outs, inits)
    save(h.make_model(g, opset_imports=[h.make_opsetid('', 13)]),
         'dtypes.onnx')


def ir3():
    w = init('w', arr((4, 3, 3, 3)))
    b = init('b', arr(4))
    fc = init('fc', arr((2, 4 * 3 * 3)))
    fcb = init('fc.b', arr(2))
    nodes = [
        h.make_node('Conv', ['x', 'w', 'b'], ['c']),
        h.make_node('Relu', ['c'], ['r']),
        h.make_node('Flatten', ['r'], ['f']),
        h.make_node('Gemm', ['f', 'fc', 'fc.b'], ['y'], transB=1),
    ]
    ins = [vi('x', [1, 3, 5, 5]), vi('w', [4, 3, 3, 3]), vi('b', [4]),
           vi('fc', [2, 36]), vi('fc.b', [2])]
    g = h.make_graph(nodes, 'ir3', ins, [vi('y', [1, 2])], [w, b, fc, fcb])
    m = h.make_model(g, opset_imports=[h.make_opsetid('', 7)])
    m.ir_version = 3
    save(m, 'ir3.onnx')


def external():
    """Two data files (one in a subfolder), plus one tensor kept inline."""
    os.makedirs(os.path.join(out, 'ext', 'sub'), exist_ok=True)
    a, b, c = arr((4, 3, 3, 3)), arr(4), arr((2, 36))
    blobs = {'w.bin': b'\0' * 16 + a.tobytes() + b'\1' * 8,
             'sub/fc.bin': c.tobytes()}
    for loc, data in blobs.items():
        with open(os.path.join(out, 'ext', loc), 'wb') as f:
            f.write(data)

    def ext(name, shape, loc, offset, length):
        t = TP(name=name, dims=shape, data_type=TP.FLOAT,
               data_location=TP.EXTERNAL)
        for k, v in [('location', loc), ('offset', str(offset)),
                     ('length', str(length))]:
            e = t.external_data.add()
            e.key, e.value = k, v
        return t
    w = ext('w', [4, 3, 3, 3], 'w.bin', 16, a.nbytes)
    fc = ext('fc', [2, 36], 'sub/fc.bin', 0, c.nbytes)
    nodes = [
        h.make_node('Conv', ['x', 'w', 'b'], ['c']),
        h.make_node('Relu', ['c'], ['r']),
        h.make_node('Flatten', ['r'], ['f']),
        h.make_node('Gemm', ['f', 'fc'], ['y'], transB=1),
    ]
    g = h.make_graph(nodes, 'ext', [vi('x', [1, 3, 5, 5])],
                     [vi('y', [1, 2])], [w, init('b', b), fc])
    m = h.make_model(g, opset_imports=[h.make_opsetid('', 13)])
    onnx.save(m, os.path.join(out, 'ext', 'model.onnx'))
    onnx.checker.check_model(os.path.join(out, 'ext', 'model.onnx'))


def nested():
    """Tensors in If branches (subgraphs) and in a model-local function."""
    def branch(name, value):
        c = h.make_node('Constant', [], [name + '.c'],
                        value=nh.from_array(np.full(4, value, np.float32)))
        add = h.make_node('Add', ['x', name + '.c'], [name + '.y'])
        return h.make_graph([c, add], name, [], [vi(name + '.y', [4])])
    fn = h.make_function(
        'local', 'Scale', ['a'], ['b'],
        [h.make_node('Constant', [], ['k'],
                     value=nh.from_array(np.float32(3).reshape(1))),
         h.make_node('Mul', ['a', 'k'], ['b'])],
        [h.make_opsetid('', 13)])
    nodes = [
        h.make_node('If', ['cond'], ['i'], name='if',
                    then_branch=branch('then', 1.0),
                    else_branch=branch('else', 2.0)),
        h.make_node('Scale', ['i'], ['s'], domain='local', name='scale'),
        h.make_node('MatMul', ['s', 'w'], ['y'], name='mm'),
    ]
    g = h.make_graph(nodes, 'nested', [vi('x', [4]), vi('cond', [], TP.BOOL)],
                     [vi('y', [3])], [init('w', arr((4, 3)))])
    m = h.make_model(g, functions=[fn], opset_imports=[
        h.make_opsetid('', 13), h.make_opsetid('local', 1)])
    save(m, 'nested.onnx')


for make in [layouts, shared, halfs, dtypes, ir3, external, nested]:
    make()
