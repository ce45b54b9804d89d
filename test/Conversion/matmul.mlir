// RUN: dfp-opt %s -split-input-file -convert-dfp-to-linalg -canonicalize -cse | FileCheck %s

// Tests that a DFP matmul packs B into k-pairs, sums sign-extended i16
// products in INT32 chains of `chain` / 2 pairs (even lanes times even lanes
// plus odd times odd: the pattern LLVM selects as vpmaddwd / vpdpwssd) and flushes each chain sum as
// fma(float(sum), 2^(ea + eb), acc) in chain order.
// CHECK-LABEL: func.func @dfp_matmul
// CHECK-SAME: (%[[A:.*]]: tensor<8x64xi16>, %[[EA:.*]]: tensor<1xi32>, %[[B:.*]]: tensor<64x32xi16>, %[[EB:.*]]: tensor<1xi32>) -> tensor<8x32xf32>
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[CHAINS:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[CHAIN_PAIRS:.*]] = arith.constant 8 : index
// CHECK: %[[SPLIT:.*]] = tensor.expand_shape %[[B]] {{\[\[}}0, 1], [2]] output_shape [32, 2, 32]
// CHECK: %[[PAIRED:.*]] = linalg.transpose ins(%[[SPLIT]] : tensor<32x2x32xi16>) {{.*}} permutation = [0, 2, 1]
// CHECK: %[[PACKED:.*]] = tensor.collapse_shape %[[PAIRED]] {{\[\[}}0], [1, 2]] : tensor<32x32x2xi16> into tensor<32x64xi16>
// CHECK: %[[E0:.*]] = tensor.extract %[[EA]][%[[ZERO]]]
// CHECK: %[[E1:.*]] = tensor.extract %[[EB]][%[[ZERO]]]
// CHECK: %[[ESUM:.*]] = arith.addi %[[E0]], %[[E1]] : i32
// The loop over the single 32-column tile folds away.
// CHECK: scf.for %{{.*}} = %[[ZERO]] to %c8 step %c4
// CHECK: %[[SCALES:.*]] = vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK: scf.for %[[CHAIN:.*]] = %[[ZERO]] to %[[CHAINS]]
// CHECK: %[[BEGIN:.*]] = arith.muli %[[CHAIN]], %[[CHAIN_PAIRS]]
// CHECK: scf.for %{{.*}} = %[[BEGIN]] to %{{.*}} iter_args({{.*}}) -> (vector<16xi32>,
// CHECK: %[[BP:.*]] = vector.transfer_read %[[PACKED]]{{.*}} : tensor<32x64xi16>, vector<32xi16>
// CHECK: vector.transfer_read %[[A]]{{.*}} : tensor<8x64xi16>, vector<2xi16>
// CHECK: vector.bitcast %{{.*}} : vector<2xi16> to vector<1xi32>
// CHECK: %[[AP:.*]] = vector.bitcast %{{.*}} : vector<16xi32> to vector<32xi16>
// CHECK: %[[AE:.*]] = vector.shuffle %[[AP]], %[[AP]] [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]
// CHECK: %[[BE:.*]] = vector.shuffle %[[BP]], %[[BP]] [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]
// CHECK: %[[WAE:.*]] = arith.extsi %[[AE]] : vector<16xi16> to vector<16xi32>
// CHECK: %[[WBE:.*]] = arith.extsi %[[BE]] : vector<16xi16> to vector<16xi32>
// CHECK: %[[EVEN:.*]] = arith.muli %[[WAE]], %[[WBE]] : vector<16xi32>
// CHECK: %[[AO:.*]] = vector.shuffle %[[AP]], %[[AP]] [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]
// CHECK: %[[BO:.*]] = vector.shuffle %[[BP]], %[[BP]] [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]
// CHECK: %[[WAO:.*]] = arith.extsi %[[AO]]
// CHECK: %[[WBO:.*]] = arith.extsi %[[BO]]
// CHECK: %[[ODD:.*]] = arith.muli %[[WAO]], %[[WBO]] : vector<16xi32>
// CHECK: %[[PAIRS:.*]] = arith.addi %[[EVEN]], %[[ODD]] : vector<16xi32>
// CHECK: arith.addi %{{.*}}, %[[PAIRS]] : vector<16xi32>
// CHECK: scf.yield
// CHECK: %[[FLOAT:.*]] = arith.sitofp %{{.*}} : vector<16xi32> to vector<16xf32>
// CHECK: math.fma %[[FLOAT]], %[[SCALES]], %{{.*}} : vector<16xf32>
// CHECK-COUNT-8: vector.transfer_write
func.func @dfp_matmul(%a: !dfp.tensor<8x64xi16, mag = 13, exp = tensor>,
                      %b: !dfp.tensor<64x32xi16, mag = 13, exp = tensor>) -> tensor<8x32xf32> {
  %c = dfp.matmul %a, %b chain(16) : !dfp.tensor<8x64xi16, mag = 13, exp = tensor>, !dfp.tensor<64x32xi16, mag = 13, exp = tensor> -> tensor<8x32xf32>
  return %c : tensor<8x32xf32>
}

// -----

// Tests that odd sizes are padded with zeros (K to even, M to the 4-row tile,
// N to the 32-column tile) and the result is cut back.
// CHECK-LABEL: func.func @odd_sizes
// CHECK: tensor.pad %{{.*}} low[0, 0] high[1, 1]
// CHECK: tensor<3x17xi16> to tensor<4x18xi16>
// CHECK: tensor.pad %{{.*}} low[0, 0] high[1, 27]
// CHECK: tensor<17x5xi16> to tensor<18x32xi16>
// CHECK: tensor.extract_slice %{{.*}}[0, 0] [3, 5] [1, 1] : tensor<4x32xf32> to tensor<3x5xf32>
func.func @odd_sizes(%a: !dfp.tensor<3x17xi16, mag = 13, exp = tensor>,
                     %b: !dfp.tensor<17x5xi16, mag = 13, exp = tensor>) -> tensor<3x5xf32> {
  %c = dfp.matmul %a, %b chain(32) : !dfp.tensor<3x17xi16, mag = 13, exp = tensor>, !dfp.tensor<17x5xi16, mag = 13, exp = tensor> -> tensor<3x5xf32>
  return %c : tensor<3x5xf32>
}

// -----

// Tests that transposed operands are transposed before packing.
// CHECK-LABEL: func.func @transposed
// CHECK: linalg.transpose ins(%{{.*}} : tensor<8x4xi16>) {{.*}} permutation = [1, 0]
// CHECK: linalg.transpose ins(%{{.*}} : tensor<32x8xi16>) {{.*}} permutation = [1, 0]
func.func @transposed(%a: !dfp.tensor<8x4xi16, mag = 13, exp = tensor>,
                      %b: !dfp.tensor<32x8xi16, mag = 13, exp = tensor>) -> tensor<4x32xf32> {
  %c = dfp.matmul %a, %b chain(32) {transpose_lhs, transpose_rhs} : !dfp.tensor<8x4xi16, mag = 13, exp = tensor>, !dfp.tensor<32x8xi16, mag = 13, exp = tensor> -> tensor<4x32xf32>
  return %c : tensor<4x32xf32>
}

// -----

// Tests that per-row A and per-column B exponents give a matrix of scales
// 2^(ea[i] + eb[j]) (exponents padded with 0) read as one vector per
// accumulator of the tile.
// CHECK-LABEL: func.func @per_row_and_column
// CHECK-SAME: %[[EA:[^:]*]]: tensor<3xi32>, %{{.*}}: tensor<8x5xi16>, %[[EB:[^:]*]]: tensor<5xi32>
// CHECK: %[[PA:.*]] = tensor.pad %[[EA]] low[0] high[1]
// CHECK: %[[PB:.*]] = tensor.pad %[[EB]] low[0] high[27]
// CHECK: %[[SCALES:.*]] = linalg.generic {{.*}} ins(%[[PA]], %[[PB]] : tensor<4xi32>, tensor<32xi32>) outs(%{{.*}} : tensor<4x32xf32>)
// CHECK: arith.addi
// CHECK: vector.transfer_read %[[SCALES]]{{.*}} : tensor<4x32xf32>, vector<16xf32>
// CHECK: math.fma
func.func @per_row_and_column(%a: !dfp.tensor<3x8xi16, mag = 13, exp = axis 0>,
                              %b: !dfp.tensor<8x5xi16, mag = 13, exp = axis 1>) -> tensor<3x5xf32> {
  %c = dfp.matmul %a, %b chain(32) : !dfp.tensor<3x8xi16, mag = 13, exp = axis 0>, !dfp.tensor<8x5xi16, mag = 13, exp = axis 1> -> tensor<3x5xf32>
  return %c : tensor<3x5xf32>
}
