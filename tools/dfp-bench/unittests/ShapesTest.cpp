#include "Shapes.h"

#include <gtest/gtest.h>

namespace dfp::bench {
namespace {

TEST(ShapesTest, GemmNamesAndOps) {
  GemmShape shape{3136, 64, 576};
  EXPECT_EQ(shape.name(), "gemm_3136x64x576");
  EXPECT_EQ(shape.ops(), 2.0 * 3136 * 64 * 576);
}

TEST(ShapesTest, DefaultGemmsAreTheIssueShapes) {
  std::vector<GemmShape> shapes = defaultGemmShapes();
  ASSERT_EQ(shapes.size(), 7u);
  EXPECT_EQ(shapes[0].name(), "gemm_1024x1024x1024");
  EXPECT_EQ(shapes[1].name(), "gemm_2048x2048x2048");
  EXPECT_EQ(shapes[6].name(), "gemm_3136x256x64");
}

TEST(ShapesTest, ConvNamesKeepTheSpatialSizeWithSamePadding) {
  std::vector<ConvShape> shapes = defaultConvShapes();
  ASSERT_EQ(shapes.size(), 7u);
  EXPECT_EQ(shapes[0].name(ConvDirection::Forward), "conv_fwd_64x56x56_3x3");
  EXPECT_EQ(shapes[0].name(ConvDirection::BackwardData),
            "conv_bwd_data_64x56x56_3x3");
  EXPECT_EQ(shapes[4].name(ConvDirection::BackwardWeights),
            "conv_bwd_filter_64to256x56x56_1x1");
  for (const ConvShape &shape : shapes) {
    EXPECT_EQ(shape.outHeight(), shape.height);
    EXPECT_EQ(shape.outWidth(), shape.width);
  }
  // Padding taps do not count: 3x3 over 56 rows reads 56 * 3 - 2 rows.
  EXPECT_EQ(shapes[0].ops(), 2.0 * 32 * 64 * 64 * (56 * 3 - 2) * (56 * 3 - 2));
  // 1x1 without padding: the implicit GEMM's 2*M*N*K.
  EXPECT_EQ(shapes[4].ops(), 2.0 * (32 * 56 * 56) * 256 * 64);
  EXPECT_EQ(shapes[5].batch, 128);
}

} // namespace
} // namespace dfp::bench
