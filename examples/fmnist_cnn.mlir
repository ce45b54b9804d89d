// fmnist_cnn, the default model of dfp-train, as the evaluation function
// dfp-build-training-step expects: batch 128 of 1x28x28 images, five 3x3
// convolutions (padding 1, no bias: batch norm follows) each with batch norm
// and ReLU, 2x2 max pooling after the second and the fourth, global average
// pooling and a linear layer to 10 classes. Arguments carry PyTorch's names;
// fc.weight is stored [in, out] = 128x10 (the transpose of nn.Linear's).
func.func @forward(%input: tensor<128x1x28x28xf32>,
                    %conv1_w: tensor<32x1x3x3xf32> {dfp.param = "conv1.weight"},
                    %bn1_weight: tensor<32xf32> {dfp.param = "bn1.weight"},
                    %bn1_bias: tensor<32xf32> {dfp.param = "bn1.bias"},
                    %bn1_running_mean: tensor<32xf32> {dfp.state = "bn1.running_mean"},
                    %bn1_running_var: tensor<32xf32> {dfp.state = "bn1.running_var"},
                    %conv2_w: tensor<32x32x3x3xf32> {dfp.param = "conv2.weight"},
                    %bn2_weight: tensor<32xf32> {dfp.param = "bn2.weight"},
                    %bn2_bias: tensor<32xf32> {dfp.param = "bn2.bias"},
                    %bn2_running_mean: tensor<32xf32> {dfp.state = "bn2.running_mean"},
                    %bn2_running_var: tensor<32xf32> {dfp.state = "bn2.running_var"},
                    %conv3_w: tensor<64x32x3x3xf32> {dfp.param = "conv3.weight"},
                    %bn3_weight: tensor<64xf32> {dfp.param = "bn3.weight"},
                    %bn3_bias: tensor<64xf32> {dfp.param = "bn3.bias"},
                    %bn3_running_mean: tensor<64xf32> {dfp.state = "bn3.running_mean"},
                    %bn3_running_var: tensor<64xf32> {dfp.state = "bn3.running_var"},
                    %conv4_w: tensor<64x64x3x3xf32> {dfp.param = "conv4.weight"},
                    %bn4_weight: tensor<64xf32> {dfp.param = "bn4.weight"},
                    %bn4_bias: tensor<64xf32> {dfp.param = "bn4.bias"},
                    %bn4_running_mean: tensor<64xf32> {dfp.state = "bn4.running_mean"},
                    %bn4_running_var: tensor<64xf32> {dfp.state = "bn4.running_var"},
                    %conv5_w: tensor<128x64x3x3xf32> {dfp.param = "conv5.weight"},
                    %bn5_weight: tensor<128xf32> {dfp.param = "bn5.weight"},
                    %bn5_bias: tensor<128xf32> {dfp.param = "bn5.bias"},
                    %bn5_running_mean: tensor<128xf32> {dfp.state = "bn5.running_mean"},
                    %bn5_running_var: tensor<128xf32> {dfp.state = "bn5.running_var"},
                    %fc_w: tensor<128x10xf32> {dfp.param = "fc.weight"},
                    %fc_b: tensor<10xf32> {dfp.param = "fc.bias"}) -> tensor<128x10xf32> {
  %conv1 = dfp.conv2d %input, %conv1_w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<128x1x28x28xf32>, tensor<32x1x3x3xf32> -> tensor<128x32x28x28xf32>
  %bn1 = dfp.batch_norm_inference %conv1, %bn1_weight, %bn1_bias, %bn1_running_mean, %bn1_running_var epsilon(1.0e-05) : tensor<128x32x28x28xf32>, tensor<32xf32>
  %relu1 = dfp.relu %bn1 : tensor<128x32x28x28xf32>
  %conv2 = dfp.conv2d %relu1, %conv2_w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<128x32x28x28xf32>, tensor<32x32x3x3xf32> -> tensor<128x32x28x28xf32>
  %bn2 = dfp.batch_norm_inference %conv2, %bn2_weight, %bn2_bias, %bn2_running_mean, %bn2_running_var epsilon(1.0e-05) : tensor<128x32x28x28xf32>, tensor<32xf32>
  %relu2 = dfp.relu %bn2 : tensor<128x32x28x28xf32>
  %pool2 = dfp.max_pool2d %relu2 kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<128x32x28x28xf32> -> tensor<128x32x14x14xf32>
  %conv3 = dfp.conv2d %pool2, %conv3_w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<128x32x14x14xf32>, tensor<64x32x3x3xf32> -> tensor<128x64x14x14xf32>
  %bn3 = dfp.batch_norm_inference %conv3, %bn3_weight, %bn3_bias, %bn3_running_mean, %bn3_running_var epsilon(1.0e-05) : tensor<128x64x14x14xf32>, tensor<64xf32>
  %relu3 = dfp.relu %bn3 : tensor<128x64x14x14xf32>
  %conv4 = dfp.conv2d %relu3, %conv4_w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<128x64x14x14xf32>, tensor<64x64x3x3xf32> -> tensor<128x64x14x14xf32>
  %bn4 = dfp.batch_norm_inference %conv4, %bn4_weight, %bn4_bias, %bn4_running_mean, %bn4_running_var epsilon(1.0e-05) : tensor<128x64x14x14xf32>, tensor<64xf32>
  %relu4 = dfp.relu %bn4 : tensor<128x64x14x14xf32>
  %pool4 = dfp.max_pool2d %relu4 kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<128x64x14x14xf32> -> tensor<128x64x7x7xf32>
  %conv5 = dfp.conv2d %pool4, %conv5_w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<128x64x7x7xf32>, tensor<128x64x3x3xf32> -> tensor<128x128x7x7xf32>
  %bn5 = dfp.batch_norm_inference %conv5, %bn5_weight, %bn5_bias, %bn5_running_mean, %bn5_running_var epsilon(1.0e-05) : tensor<128x128x7x7xf32>, tensor<128xf32>
  %relu5 = dfp.relu %bn5 : tensor<128x128x7x7xf32>
  %gap = dfp.global_avg_pool %relu5 : tensor<128x128x7x7xf32> -> tensor<128x128x1x1xf32>
  %flat = dfp.reshape %gap : tensor<128x128x1x1xf32> -> tensor<128x128xf32>
  %fc = dfp.matmul %flat, %fc_w : tensor<128x128xf32>, tensor<128x10xf32> -> tensor<128x10xf32>
  %logits = dfp.bias_add %fc, %fc_b : tensor<128x10xf32>, tensor<10xf32>
  return %logits : tensor<128x10xf32>
}
