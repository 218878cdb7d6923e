"""Independent reference for the zoo CLI tests, with the official onnx package.

Usage: /usr/bin/python3 reference.py MODE ARGS...

  verify IN OUT SPEC    checker, structure and statistics of a re-initialised
                        model (SPEC: JSON, see `verify`); prints JSON
  differ A B            names of the layer weights equal in A and B
  inspect PATH          layers, fans, activations and moments of PATH
  locations PATH        the external data location of each initializer
  make-bad DIR          broken tiny models for the error tests
  check PATH            onnx.checker.check_model(PATH)

Nothing here reads zoo's own numbers: the layers, their fans and the std
each scheme targets are derived from the graph and the papers' formulas.
"""
import json
import math
import sys

import numpy as np
import onnx
from onnx import numpy_helper as nh

DATA_FIELDS = ('raw_data', 'float_data', 'double_data', 'int32_data')


def attr(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def layers(graph):
    """Conv and Gemm nodes with initializer weights: (node, weight, bias)."""
    inits = {t.name for t in graph.initializer}
    out = []
    for n in graph.node:
        if n.op_type not in ('Conv', 'Gemm') or len(n.input) < 2:
            continue
        if n.input[1] not in inits:
            continue
        bias = n.input[2] if len(n.input) > 2 and n.input[2] in inits else None
        out.append((n, n.input[1], bias))
    return out


def fans(node, shape):
    """fan_in, fan_out as in PyTorch's _calculate_fan_in_and_fan_out."""
    if node.op_type == 'Conv':
        rf = int(np.prod(shape[2:]))
        return shape[1] * rf, shape[0] * rf
    if attr(node, 'transB', 0) == 1:
        return shape[1], shape[0]
    return shape[0], shape[1]


def activation(graph, node):
    """The op after a layer: relu when its only consumer is a Relu."""
    users = [n for n in graph.node if node.output[0] in n.input]
    if len(users) == 1 and users[0].op_type == 'Relu':
        return 'relu'
    return 'linear'


def truncated_std(a):
    """Std of N(0, 1) truncated to [-a, a] (Johnson, Kotz, Balakrishnan)."""
    pdf = math.exp(-a * a / 2) / math.sqrt(2 * math.pi)
    mass = math.erf(a / math.sqrt(2))
    return math.sqrt(1 - 2 * a * pdf / mass)


def target(scheme, fan_in, fan_out, rows, cols, opts):
    """(std, bound) of a scheme from the papers; bound None if unbounded."""
    gain = opts.get('gain', 1.0)
    if scheme == 'he-normal':
        return gain * math.sqrt(2 / fan_in), None
    if scheme == 'he-uniform':
        b = gain * math.sqrt(6 / fan_in)
        return b / math.sqrt(3), b
    if scheme == 'glorot-normal':
        return gain * math.sqrt(2 / (fan_in + fan_out)), None
    if scheme == 'glorot-uniform':
        b = gain * math.sqrt(6 / (fan_in + fan_out))
        return b / math.sqrt(3), b
    if scheme == 'lecun-normal':
        std = 1 / math.sqrt(fan_in)
        # Truncated at 2 std of the underlying normal, std corrected up.
        return std, 2 * std / truncated_std(2)
    if scheme == 'lecun-uniform':
        b = math.sqrt(3 / fan_in)
        return b / math.sqrt(3), b
    if scheme == 'torch-legacy':
        b = 1 / math.sqrt(fan_in)
        return b / math.sqrt(3), b
    if scheme == 'normal':
        return opts['std'], None
    if scheme == 'orthogonal':
        # Orthonormal rows (or columns): the sum of squares is min(r, c).
        return gain / math.sqrt(max(rows, cols)), None
    raise ValueError(f'reference.py: no formula for scheme {scheme}')


def gram_error(w, gain):
    """max |W W^T - gain^2 I| over the short side of W as a matrix."""
    m = w.reshape(w.shape[0], -1).astype(np.float64)
    if m.shape[0] > m.shape[1]:
        m = m.T
    g = m @ m.T
    return float(np.abs(g - gain * gain * np.eye(g.shape[0])).max())


def moments(a):
    a = a.astype(np.float64).ravel()
    return {
        'n': int(a.size),
        'mean': float(a.mean()) if a.size else 0.0,
        'std': float(a.std()) if a.size else 0.0,
        'maxAbs': float(np.abs(a).max()) if a.size else 0.0,
    }


def clear(model, names, locations):
    """Clears the data of `names`; with `locations`, every external location."""
    for t in model.graph.initializer:
        if t.name in names:
            for f in DATA_FIELDS:
                t.ClearField(f)
        for e in t.external_data:
            if locations and e.key == 'location':
                e.value = 'L'


def verify(path_in, path_out, spec):
    """SPEC: {scheme, options, gain: number|'auto'|null, orthogonal: bool,
    ignoreLocations: bool}."""
    onnx.checker.check_model(path_out)
    a = onnx.load(path_in, load_external_data=False)
    b = onnx.load(path_out, load_external_data=False)
    found = layers(a.graph)
    names = {w for _, w, _ in found} | {x for _, _, x in found if x}
    clear(a, names, spec.get('ignoreLocations', False))
    clear(b, names, spec.get('ignoreLocations', False))
    same = a.SerializeToString() == b.SerializeToString()

    a = onnx.load(path_in)
    b = onnx.load(path_out)
    ta = {t.name: t for t in a.graph.initializer}
    tb = {t.name: t for t in b.graph.initializer}
    changed_others = [
        n for n in ta if n not in names and
        nh.to_array(ta[n]).tobytes() != nh.to_array(tb[n]).tobytes()
    ]
    others = len([n for n in ta if n not in names])
    weights, biases = [], []
    for node, w, bias in layers(b.graph):
        arr = nh.to_array(tb[w])
        shape = list(arr.shape)
        fan_in, fan_out = fans(node, shape)
        rows, cols = shape[0], int(np.prod(shape[1:]))
        opts = dict(spec.get('options', {}))
        act = activation(b.graph, node)
        if spec.get('gain') == 'auto':
            opts['gain'] = math.sqrt(2) if act == 'relu' else 1.0
        elif spec.get('gain') is not None:
            opts['gain'] = spec['gain']
        std, bound = target(spec['scheme'], fan_in, fan_out, rows, cols, opts)
        item = {'name': w, 'op': node.op_type, 'node': node.name,
                'shape': shape, 'fanIn': fan_in, 'fanOut': fan_out,
                'activation': act, 'target': std, 'bound': bound,
                **moments(arr)}
        if spec.get('orthogonal'):
            item['gramError'] = gram_error(arr, opts.get('gain', 1.0))
        weights.append(item)
        if bias:
            biases.append({'name': bias, 'node': node.name, 'fanIn': fan_in,
                           **moments(nh.to_array(tb[bias]))})
    return {'same': same, 'changedOthers': changed_others,
            'others': others, 'weights': weights, 'biases': biases}


def differ(path_a, path_b):
    a = onnx.load(path_a)
    b = onnx.load(path_b)
    tb = {t.name: t for t in b.graph.initializer}
    equal = []
    for _, w, _ in layers(a.graph):
        ta = [t for t in a.graph.initializer if t.name == w][0]
        if np.array_equal(nh.to_array(ta), nh.to_array(tb[w])):
            equal.append(w)
    return {'layers': len(layers(a.graph)), 'equal': equal}


def inspect(path):
    m = onnx.load(path)
    inits = {t.name: t for t in m.graph.initializer}
    out = []
    for node, w, bias in layers(m.graph):
        arr = nh.to_array(inits[w])
        fan_in, fan_out = fans(node, list(arr.shape))
        act = activation(m.graph, node)
        out.append({'name': w, 'kind': 'weight', 'op': node.op_type,
                    'shape': list(arr.shape), 'fanIn': fan_in,
                    'fanOut': fan_out, 'activation': act,
                    **moments(arr)})
        if bias:
            out.append({'name': bias, 'kind': 'bias', 'op': node.op_type,
                        'fanIn': fan_in, 'fanOut': fan_out,
                        'activation': act,
                        **moments(nh.to_array(inits[bias]))})
    return out


def locations(path):
    """{tensor name: external location} of the external initializers."""
    m = onnx.load(path, load_external_data=False)
    out = {}
    for t in m.graph.initializer:
        for e in t.external_data:
            if e.key == 'location':
                out[t.name] = e.value
    return out


def tiny(weight):
    """Conv -> Relu -> Gemm with initializers, the Conv weight given."""
    h = onnx.helper
    rng = np.random.default_rng(0)
    fc = nh.from_array(rng.standard_normal((2, 36)).astype(np.float32), 'fc')
    nodes = [
        h.make_node('Conv', ['x', 'w'], ['c'], name='conv'),
        h.make_node('Relu', ['c'], ['r']),
        h.make_node('Flatten', ['r'], ['f']),
        h.make_node('Gemm', ['f', 'fc'], ['y'], name='fc', transB=1),
    ]
    vi = h.make_tensor_value_info
    g = h.make_graph(nodes, 'tiny', [vi('x', onnx.TensorProto.FLOAT,
                                        [1, 3, 5, 5])],
                     [vi('y', onnx.TensorProto.FLOAT, [1, 2])], [weight, fc])
    return h.make_model(g, opset_imports=[h.make_opsetid('', 13)])


def external(name, location, nbytes):
    t = onnx.TensorProto(name=name, dims=[4, 3, 3, 3],
                         data_type=onnx.TensorProto.FLOAT,
                         data_location=onnx.TensorProto.EXTERNAL)
    for k, v in [('location', location), ('offset', '0'),
                 ('length', str(nbytes))]:
        e = t.external_data.add()
        e.key, e.value = k, v
    return t


def make_bad(out):
    """Broken models in OUT: size-mismatch.onnx, ext-missing/model.onnx,
    ext-outside/sub/model.onnx (data at ../x.bin, which exists),
    ext-short/model.onnx (w.bin shorter than the tensor), and the
    good tiny.onnx they derive from."""
    import os
    w = np.random.default_rng(1).standard_normal((4, 3, 3, 3))
    w = w.astype(np.float32)
    good = tiny(nh.from_array(w, 'w'))
    onnx.checker.check_model(good)
    onnx.save(good, os.path.join(out, 'tiny.onnx'))
    short = nh.from_array(w, 'w')
    short.raw_data = w.tobytes()[:100]
    onnx.save(tiny(short), os.path.join(out, 'size-mismatch.onnx'))
    os.makedirs(os.path.join(out, 'ext-missing'))
    onnx.save(tiny(external('w', 'w.bin', w.nbytes)),
              os.path.join(out, 'ext-missing', 'model.onnx'))
    os.makedirs(os.path.join(out, 'ext-outside', 'sub'))
    with open(os.path.join(out, 'ext-outside', 'x.bin'), 'wb') as f:
        f.write(w.tobytes())
    onnx.save(tiny(external('w', '../x.bin', w.nbytes)),
              os.path.join(out, 'ext-outside', 'sub', 'model.onnx'))
    os.makedirs(os.path.join(out, 'ext-short'))
    with open(os.path.join(out, 'ext-short', 'w.bin'), 'wb') as f:
        f.write(w.tobytes()[:100])
    onnx.save(tiny(external('w', 'w.bin', w.nbytes)),
              os.path.join(out, 'ext-short', 'model.onnx'))
    return {'ok': True}


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == 'verify':
        result = verify(args[0], args[1], json.loads(args[2]))
    elif mode == 'differ':
        result = differ(args[0], args[1])
    elif mode == 'inspect':
        result = inspect(args[0])
    elif mode == 'locations':
        result = locations(args[0])
    elif mode == 'make-bad':
        result = make_bad(args[0])
    elif mode == 'check':
        onnx.checker.check_model(args[0])
        result = {'ok': True}
    else:
        raise SystemExit(f'reference.py: unknown mode {mode}')
    print(json.dumps(result))


main()
