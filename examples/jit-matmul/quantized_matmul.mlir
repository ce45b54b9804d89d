// A DFP16 matrix product: both operands quantized per tensor (nearest even),
// INT32 chains of 32 products flushed into FP32.
func.func @matmul(%a: tensor<3x70xf32>, %b: tensor<70x5xf32>) -> tensor<3x5xf32> {
  %qa = dfp.quantize %a rounding(nearest_even) : tensor<3x70xf32> -> !dfp.tensor<3x70xi16, mag = 13, exp = tensor>
  %qb = dfp.quantize %b rounding(nearest_even) : tensor<70x5xf32> -> !dfp.tensor<70x5xi16, mag = 13, exp = tensor>
  %c = dfp.matmul %qa, %qb chain(32) : !dfp.tensor<3x70xi16, mag = 13, exp = tensor>, !dfp.tensor<70x5xi16, mag = 13, exp = tensor> -> tensor<3x5xf32>
  return %c : tensor<3x5xf32>
}
