#!/usr/bin/python3
"""Writes a Fashion-MNIST classifier laid out as torch.onnx.export writes one
(opset 13; dynamic batch axis "batch_size"; initializers named after the
module's parameters and buffers; nodes named /conv1/Conv, ...):

  Conv(1->8, 3x3, pad 1) BatchNormalization Relu MaxPool(2)
  Conv(8->16, 3x3, pad 1, stride 2) BatchNormalization Relu
  Flatten Gemm(784->10, transB)

Needs Debian's python3-onnx and python3-numpy (run with /usr/bin/python3).
Usage: write_torch_layout_model.py OUT.onnx [SEED]
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def kaiming_uniform(rng, shape, fan_in):
    bound = 1.0 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, size=shape).astype(np.float32)


def conv_block(name, in_channels, out_channels, stride, source, rng,
               initializers):
    weight = kaiming_uniform(rng, (out_channels, in_channels, 3, 3),
                             in_channels * 9)
    bn = name.replace("conv", "bn")
    initializers += [
        numpy_helper.from_array(weight, name + ".weight"),
        numpy_helper.from_array(np.ones(out_channels, np.float32),
                                bn + ".weight"),
        numpy_helper.from_array(np.zeros(out_channels, np.float32),
                                bn + ".bias"),
        numpy_helper.from_array(np.zeros(out_channels, np.float32),
                                bn + ".running_mean"),
        numpy_helper.from_array(np.ones(out_channels, np.float32),
                                bn + ".running_var"),
    ]
    conv_out = "/%s/Conv_output_0" % name
    bn_out = "/%s/BatchNormalization_output_0" % bn
    relu_out = "/relu_%s/Relu_output_0" % name
    nodes = [
        helper.make_node("Conv", [source, name + ".weight"], [conv_out],
                         name="/%s/Conv" % name, dilations=[1, 1], group=1,
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                         strides=[stride, stride]),
        helper.make_node("BatchNormalization",
                         [conv_out, bn + ".weight", bn + ".bias",
                          bn + ".running_mean", bn + ".running_var"],
                         [bn_out], name="/%s/BatchNormalization" % bn,
                         epsilon=1e-5, momentum=0.9),
        helper.make_node("Relu", [bn_out], [relu_out],
                         name="/relu_%s/Relu" % name),
    ]
    return nodes, relu_out


def main():
    out = sys.argv[1]
    rng = np.random.default_rng(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    initializers = []
    nodes, x = conv_block("conv1", 1, 8, 1, "input", rng, initializers)
    nodes.append(helper.make_node("MaxPool", [x], ["/pool/MaxPool_output_0"],
                                  name="/pool/MaxPool", ceil_mode=0,
                                  kernel_shape=[2, 2], pads=[0, 0, 0, 0],
                                  strides=[2, 2]))
    more, x = conv_block("conv2", 8, 16, 2, "/pool/MaxPool_output_0", rng,
                         initializers)
    nodes += more
    nodes.append(helper.make_node("Flatten", [x], ["/Flatten_output_0"],
                                  name="/Flatten", axis=1))
    features = 16 * 7 * 7
    initializers += [
        numpy_helper.from_array(kaiming_uniform(rng, (10, features), features),
                                "fc.weight"),
        numpy_helper.from_array(kaiming_uniform(rng, (10,), features),
                                "fc.bias"),
    ]
    nodes.append(helper.make_node("Gemm", ["/Flatten_output_0", "fc.weight",
                                           "fc.bias"], ["output"],
                                  name="/fc/Gemm", alpha=1.0, beta=1.0,
                                  transB=1))
    graph = helper.make_graph(
        nodes, "main_graph",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                       ["batch_size", 1, 28, 28])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT,
                                       ["batch_size", 10])],
        initializers)
    model = helper.make_model(graph, producer_name="pytorch",
                              producer_version="2.1.0",
                              opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, out)


if __name__ == "__main__":
    main()
