// The classifier head of fmnist_cnn after dfp-quantize: global average pool,
// then a DFP16 linear layer (activations per tensor, weights per output
// channel) whose INT32 chains are cut every 32 products, and the loss.
func.func @head(%features: tensor<128x128x7x7xf32>, %weights: tensor<128x10xf32>,
                %labels: tensor<128xi32>) -> tensor<f32> {
  %pooled = dfp.global_avg_pool %features : tensor<128x128x7x7xf32> -> tensor<128x128x1x1xf32>
  %flat = dfp.reshape %pooled : tensor<128x128x1x1xf32> -> tensor<128x128xf32>
  %qa = dfp.quantize %flat rounding(nearest_even) : tensor<128x128xf32> -> !dfp.tensor<128x128xi16, mag = 13, exp = tensor>
  %qw = dfp.quantize %weights rounding(nearest_even) : tensor<128x10xf32> -> !dfp.tensor<128x10xi16, mag = 13, exp = axis 1>
  %logits = dfp.matmul %qa, %qw chain(32) : !dfp.tensor<128x128xi16, mag = 13, exp = tensor>, !dfp.tensor<128x10xi16, mag = 13, exp = axis 1> -> tensor<128x10xf32>
  %loss = dfp.softmax_cross_entropy %logits, %labels : tensor<128x10xf32>, tensor<128xi32> -> tensor<f32>
  return %loss : tensor<f32>
}
