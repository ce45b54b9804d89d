// RUN: dfp-opt %s -split-input-file -convert-dfp-to-linalg -canonicalize -cse | FileCheck %s

// Tests that a per-tensor quantize becomes a max |x| reduction, the exponent
// from the float bits, an exact power-of-two scaling, nearest-even rounding,
// clamping to +-(2^13 - 1), and the non-finite status as a trailing i1.
// CHECK-LABEL: func.func @nearest_even
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>) -> (tensor<4x8xi16>, tensor<1xi32>, i1)
// CHECK-DAG: %[[LARGEST:.*]] = arith.constant 3.40282347E+38 : f32
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]{{.*}} ins(%[[X]]
// CHECK: math.absf
// CHECK: arith.maximumf
// CHECK: %[[M:.*]] = tensor.extract %[[MAX]][]
// CHECK: %[[BAD:.*]] = arith.cmpf ugt, %[[M]], %[[LARGEST]]
// CHECK: arith.bitcast %[[M]] : f32 to i32
// CHECK: math.ctlz
// CHECK: %[[E:.*]] = arith.select %[[BAD]], %{{.*}}, %{{.*}} : i32
// CHECK: %[[EXPS:.*]] = tensor.from_elements %[[E]] : tensor<1xi32>
// CHECK: %[[Q:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]{{.*}} ins(%[[X]]
// CHECK: arith.mulf
// CHECK: arith.mulf
// CHECK: math.roundeven
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK: arith.minimumf
// CHECK: arith.fptosi {{.*}} : f32 to i32
// CHECK: arith.trunci {{.*}} : i32 to i16
// CHECK: return %[[Q]], %[[EXPS]], %[[BAD]] : tensor<4x8xi16>, tensor<1xi32>, i1
func.func @nearest_even(%x: tensor<4x8xf32>) -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor> {
  %q = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  return %q : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
}

// -----

// Tests that nearest_up compares the FP32 fraction with 0.5 (y + 0.5 is not
// exact) and that i8 storage narrows to i8 with the 7-bit bound.
// CHECK-LABEL: func.func @nearest_up
// CHECK-DAG: %[[LIMIT:.*]] = arith.constant 1.270000e+02 : f32
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: linalg.generic
// CHECK: %[[WHOLE:.*]] = math.floor %[[Y:.*]] : f32
// CHECK: %[[FRACTION:.*]] = arith.subf %[[Y]], %[[WHOLE]]
// CHECK: arith.cmpf oge, %[[FRACTION]], %[[HALF]]
// CHECK: arith.minimumf %{{.*}}, %[[LIMIT]]
// CHECK: arith.trunci {{.*}} : i32 to i8
func.func @nearest_up(%x: tensor<5xf32>) -> !dfp.tensor<5xi8, mag = 7, exp = tensor> {
  %q = dfp.quantize %x rounding(nearest_up) : tensor<5xf32> -> !dfp.tensor<5xi8, mag = 7, exp = tensor>
  return %q : !dfp.tensor<5xi8, mag = 7, exp = tensor>
}

// -----

// Tests that toward_zero truncates.
// CHECK-LABEL: func.func @toward_zero
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: math.trunc
// CHECK-NOT: math.roundeven
func.func @toward_zero(%x: tensor<5xf32>) -> !dfp.tensor<5xi16, mag = 15, exp = tensor> {
  %q = dfp.quantize %x rounding(toward_zero) : tensor<5xf32> -> !dfp.tensor<5xi16, mag = 15, exp = tensor>
  return %q : !dfp.tensor<5xi16, mag = 15, exp = tensor>
}

// -----

// Tests that stochastic rounding draws Philox4x32-10 bits from the element's
// linear index, the stream and the runtime step, and rounds up when the
// fraction exceeds u = (r >> 8) * 2^-24.
// CHECK-LABEL: func.func @stochastic
// CHECK-SAME: %[[STEP:[^:]*]]: i32
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK-DAG: linalg.index 0
// CHECK-DAG: linalg.index 1
// CHECK: %[[I:.*]] = arith.index_cast {{.*}} : index to i64
// CHECK: arith.shrui %[[I]], %c2_i64
// The first round's product with the constant stream word folds away.
// CHECK: arith.mului_extended
// CHECK: arith.xori %{{.*}}, %[[STEP]] : i32
// CHECK-COUNT-18: arith.mului_extended
// CHECK: arith.shrui %{{.*}}, %c8_i32
// CHECK: arith.uitofp
// CHECK: arith.mulf %{{.*}}, %cst{{.*}} : f32
// CHECK: math.floor
// CHECK: arith.cmpf ogt
func.func @stochastic(%x: tensor<3x5xf32>, %step: i32) -> !dfp.tensor<3x5xi16, mag = 13, exp = tensor> {
  %q = dfp.quantize %x rounding(stochastic) seed(42) stream(3) step(%step) : tensor<3x5xf32> -> !dfp.tensor<3x5xi16, mag = 13, exp = tensor>
  return %q : !dfp.tensor<3x5xi16, mag = 13, exp = tensor>
}

// -----

// Tests that dequantize scales each integer by 2^e and that two quantizes'
// statuses are ORed into one result.
// CHECK-LABEL: func.func @round_trip
// CHECK-SAME: -> (tensor<6xf32>, tensor<6xf32>, i1)
// CHECK: %[[BAD0:.*]] = arith.cmpf ugt
// CHECK: %[[BAD1:.*]] = arith.cmpf ugt
// CHECK: arith.sitofp {{.*}} : i16 to f32
// CHECK: %[[BAD:.*]] = arith.ori %[[BAD0]], %[[BAD1]] : i1
// CHECK: return %{{.*}}, %{{.*}}, %[[BAD]]
func.func @round_trip(%x: tensor<6xf32>, %y: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %q = dfp.quantize %x rounding(nearest_even) : tensor<6xf32> -> !dfp.tensor<6xi16, mag = 13, exp = tensor>
  %r = dfp.quantize %y rounding(nearest_even) : tensor<6xf32> -> !dfp.tensor<6xi16, mag = 13, exp = tensor>
  %a = dfp.dequantize %q : !dfp.tensor<6xi16, mag = 13, exp = tensor> -> tensor<6xf32>
  %b = dfp.dequantize %r : !dfp.tensor<6xi16, mag = 13, exp = tensor> -> tensor<6xf32>
  return %a, %b : tensor<6xf32>, tensor<6xf32>
}

// -----

// Tests that per-axis exponents reduce max |x| over every other axis into one
// maximum per index of the axis, and that each element reads its exponent
// at that index.
// CHECK-LABEL: func.func @per_axis
// CHECK-SAME: -> (tensor<4x6xi16>, tensor<6xi32>, i1)
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID:.*]], #[[COL:.*]]], iterator_types = ["reduction", "parallel"]}
// CHECK: %[[EXPS:.*]] = linalg.generic {{.*}} ins(%[[MAX]] : tensor<6xf32>) outs(%{{.*}} : tensor<6xi32>)
// CHECK: %[[Q:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[COL]], #[[ID]]], {{.*}} ins(%{{.*}}, %[[EXPS]] : tensor<4x6xf32>, tensor<6xi32>)
// CHECK: return %[[Q]], %[[EXPS]], %{{.*}} : tensor<4x6xi16>, tensor<6xi32>, i1
func.func @per_axis(%x: tensor<4x6xf32>) -> !dfp.tensor<4x6xi16, mag = 13, exp = axis 1> {
  %q = dfp.quantize %x rounding(nearest_even) : tensor<4x6xf32> -> !dfp.tensor<4x6xi16, mag = 13, exp = axis 1>
  return %q : !dfp.tensor<4x6xi16, mag = 13, exp = axis 1>
}
