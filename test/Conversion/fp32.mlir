// RUN: dfp-opt %s -split-input-file -convert-dfp-to-linalg -canonicalize | FileCheck %s

// Tests that an f32 matmul becomes linalg.matmul on a zero-filled output.
// CHECK-LABEL: func.func @f32_matmul
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x3xf32>) outs(%[[INIT]] : tensor<4x3xf32>)
func.func @f32_matmul(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<4x3xf32> {
  %c = dfp.matmul %a, %b : tensor<4x8xf32>, tensor<8x3xf32> -> tensor<4x3xf32>
  return %c : tensor<4x3xf32>
}

// -----

// Tests that relu and add become element-wise linalg.generic ops.
// CHECK-LABEL: func.func @relu_add
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK: linalg.generic
// CHECK: arith.addf
func.func @relu_add(%x: tensor<2x5xf32>, %y: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %r = dfp.relu %x : tensor<2x5xf32>
  %s = dfp.add %r, %y : tensor<2x5xf32>
  return %s : tensor<2x5xf32>
}

// -----

// Tests that a reshape collapses to 1-D and expands into the new shape, and
// that a DFP reshape keeps its exponents.
// CHECK-LABEL: func.func @reshapes
// CHECK-SAME: (%{{.*}}: tensor<2x3x4xf32>, %[[Q:.*]]: tensor<6x4xi16>, %[[E:.*]]: tensor<1xi32>)
// CHECK: tensor.collapse_shape {{.*}} : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: tensor.expand_shape {{.*}} : tensor<24xf32> into tensor<4x6xf32>
// CHECK: %[[QR:.*]] = tensor.collapse_shape %[[Q]]
// CHECK: %[[QE:.*]] = tensor.expand_shape %[[QR]]
// CHECK: return %{{.*}}, %[[QE]], %[[E]] : tensor<4x6xf32>, tensor<3x8xi16>, tensor<1xi32>
func.func @reshapes(%x: tensor<2x3x4xf32>, %q: !dfp.tensor<6x4xi16, mag = 13, exp = tensor>) -> (tensor<4x6xf32>, !dfp.tensor<3x8xi16, mag = 13, exp = tensor>) {
  %r = dfp.reshape %x : tensor<2x3x4xf32> -> tensor<4x6xf32>
  %s = dfp.reshape %q : !dfp.tensor<6x4xi16, mag = 13, exp = tensor> -> !dfp.tensor<3x8xi16, mag = 13, exp = tensor>
  return %r, %s : tensor<4x6xf32>, !dfp.tensor<3x8xi16, mag = 13, exp = tensor>
}

// -----

// Tests that max pooling pads with -inf (padding never wins), average
// pooling pads with zeros and divides by the per-window count of inputs, and
// global average pooling sums H and W into [N, C] then reshapes.
// CHECK-LABEL: func.func @pools
// CHECK-DAG: %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEG_INF]]
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[ZERO]]
// CHECK: %[[SUMS:.*]] = linalg.pooling_nchw_sum
// CHECK: linalg.generic {{.*}} ins(%[[SUMS]]
// CHECK: linalg.index 2
// CHECK: linalg.index 3
// CHECK: arith.divf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2, 3]] output_shape [1, 2, 1, 1]
func.func @pools(%x: tensor<1x2x5x5xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) {
  %m = dfp.max_pool2d %x kernel [3, 3] strides [2, 2] padding [1, 1, 1, 1] : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  %a = dfp.avg_pool2d %x kernel [3, 3] strides [2, 2] padding [1, 1, 1, 1] : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  %g = dfp.global_avg_pool %x : tensor<1x2x5x5xf32> -> tensor<1x2x1x1xf32>
  return %m, %a, %g : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>
}

// -----

// Tests that a grouped FP32 convolution runs as linalg.conv_2d_ngchw_fgchw on
// grouped views, the filter reordered to [K/G, G, C/G, R, S].
// CHECK-LABEL: func.func @grouped_conv
// CHECK: %[[X:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 2, 7, 7]
// CHECK: %[[W:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
// CHECK: %[[WT:.*]] = linalg.transpose ins(%[[W]] : tensor<2x3x2x3x3xf32>) {{.*}} permutation = [1, 0, 2, 3, 4]
// CHECK: %[[Y:.*]] = linalg.conv_2d_ngchw_fgchw {{.*}} ins(%[[X]], %[[WT]] : tensor<1x2x2x7x7xf32>, tensor<3x2x2x3x3xf32>)
// CHECK: tensor.collapse_shape %[[Y]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x3x5x5xf32> into tensor<1x6x5x5xf32>
func.func @grouped_conv(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x5x5xf32> {
  %y = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 2 : tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x5x5xf32>
  return %y : tensor<1x6x5x5xf32>
}

// -----

// Tests that batch_norm_inference reads the per-channel operands at axis 1
// and computes (x - mean) / sqrt(var + eps) * scale + bias.
// CHECK-LABEL: func.func @batch_norm
// CHECK: linalg.generic {indexing_maps = [#[[ID:.*]], #[[CH:.*]], #[[CH]], #[[CH]], #[[CH]], #[[ID]]]
// CHECK: ^bb0(%[[X:.*]]: f32, %[[S:.*]]: f32, %[[B:.*]]: f32, %[[M:.*]]: f32, %[[V:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[VE:.*]] = arith.addf %[[V]], %{{.*}}
// CHECK: %[[D:.*]] = math.sqrt %[[VE]]
// CHECK: %[[C:.*]] = arith.subf %[[X]], %[[M]]
// CHECK: %[[N:.*]] = arith.divf %[[C]], %[[D]]
// CHECK: %[[SC:.*]] = arith.mulf %[[N]], %[[S]]
// CHECK: arith.addf %[[SC]], %[[B]]
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %y = dfp.batch_norm_inference %x, %s, %b, %m, %v epsilon(1.0e-05) : tensor<2x3x4x4xf32>, tensor<3xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

// Tests that softmax cross-entropy subtracts the row maximum before exp,
// reads the labelled logit only in range (NaN otherwise) and averages.
// CHECK-LABEL: func.func @loss
// CHECK: arith.maximumf
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.index_cast %{{.*}} : i32 to index
// CHECK: %[[OK:.*]] = arith.andi
// CHECK: tensor.extract
// CHECK: math.log
// CHECK: arith.select %[[OK]], %{{.*}}, %cst{{.*}} : f32
// CHECK: arith.divf %{{.*}}, %cst{{.*}} : f32
func.func @loss(%l: tensor<4x10xf32>, %y: tensor<4xi32>) -> tensor<f32> {
  %loss = dfp.softmax_cross_entropy %l, %y : tensor<4x10xf32>, tensor<4xi32> -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// Tests that a DFP conv2d sums INT32 chains per tap and per `chain`
// channels (channels padded to a multiple of the chain and split into
// [chunks, chain]), then flushes them in tap-major, chain-minor order.
// CHECK-LABEL: func.func @dfp_conv
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 26, 1, 1]
// CHECK: tensor<1x6x5x5xi16> to tensor<1x32x7x7xi16>
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 26, 0, 0]
// CHECK: tensor.expand_shape %{{.*}} output_shape [1, 1, 32, 7, 7]
// CHECK: tensor.expand_shape %{{.*}} output_shape [4, 1, 32, 3, 3]
// CHECK: %[[SUMS:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]{{.*}} outs(%{{.*}} : tensor<1x4x5x5x3x3x1xi32>)
// CHECK: arith.extsi
// CHECK: arith.muli {{.*}} : i32
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]{{.*}} ins(%[[SUMS]]
// CHECK: arith.sitofp
// CHECK: math.fma
func.func @dfp_conv(%x: !dfp.tensor<1x6x5x5xi16, mag = 13, exp = tensor>, %w: !dfp.tensor<4x6x3x3xi16, mag = 13, exp = tensor>) -> tensor<1x4x5x5xf32> {
  %y = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 chain(32) : !dfp.tensor<1x6x5x5xi16, mag = 13, exp = tensor>, !dfp.tensor<4x6x3x3xi16, mag = 13, exp = tensor> -> tensor<1x4x5x5xf32>
  return %y : tensor<1x4x5x5xf32>
}

// -----

// Tests that DFP backward-filter chains run over the output positions of
// each image (dy flattened to [N, K, chunks, chain], the input read at
// (p floordiv OW, p mod OW)), flushed images-major.
// CHECK-LABEL: func.func @dfp_backward_filter
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] : tensor<2x4x5x5xi16> into tensor<2x4x25xi16>
// CHECK: tensor.pad %{{.*}} low[0, 0, 0] high[0, 0, 7]
// CHECK: tensor.expand_shape %{{.*}} output_shape [2, 4, 4, 8]
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[X:.*]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK: math.fma
func.func @dfp_backward_filter(%x: !dfp.tensor<2x3x5x5xi16, mag = 13, exp = tensor>, %dy: !dfp.tensor<2x4x5x5xi16, mag = 13, exp = tensor>) -> tensor<4x3x3x3xf32> {
  %dw = dfp.conv2d_backward_filter %x, %dy strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 chain(8) : !dfp.tensor<2x3x5x5xi16, mag = 13, exp = tensor>, !dfp.tensor<2x4x5x5xi16, mag = 13, exp = tensor> -> tensor<4x3x3x3xf32>
  return %dw : tensor<4x3x3x3xf32>
}

// -----

// Tests that DFP backward-data reads dy at the output position of each tap,
// masked to zero in padding and stride gaps, with filter chains inner.
// CHECK-LABEL: func.func @dfp_backward_data
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[28, 0, 0, 0]
// CHECK: tensor.expand_shape %{{.*}} output_shape [1, 32, 3, 3, 3]
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK: arith.remui
// CHECK: arith.divui
// CHECK: tensor.extract
// CHECK: arith.select
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// CHECK: math.fma
func.func @dfp_backward_data(%dy: !dfp.tensor<1x4x3x3xi16, mag = 13, exp = tensor>, %w: !dfp.tensor<4x3x3x3xi16, mag = 13, exp = tensor>) -> tensor<1x3x6x6xf32> {
  %dx = dfp.conv2d_backward_data %dy, %w strides [2, 2] padding [1, 1, 1, 1] dilations [1, 1] groups 1 chain(32) : !dfp.tensor<1x4x3x3xi16, mag = 13, exp = tensor>, !dfp.tensor<4x3x3x3xi16, mag = 13, exp = tensor> -> tensor<1x3x6x6xf32>
  return %dx : tensor<1x3x6x6xf32>
}
