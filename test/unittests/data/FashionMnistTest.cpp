#include "dfp/runtime/FashionMnist.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace dfp::runtime {
namespace {

class FashionMnistTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    std::string dir = defaultFashionMnistDir();
    Status train = loadFashionMnist(dir, DatasetSplit::Train, trainSet());
    ASSERT_TRUE(train.ok()) << train.message();
    Status test = loadFashionMnist(dir, DatasetSplit::Test, testSet());
    ASSERT_TRUE(test.ok()) << test.message();
  }
  static ImageDataset &trainSet() {
    static ImageDataset dataset;
    return dataset;
  }
  static ImageDataset &testSet() {
    static ImageDataset dataset;
    return dataset;
  }
};

void expectBalancedLabels(const ImageDataset &dataset, int perClass) {
  std::vector<int> histogram(kFashionMnistClasses, 0);
  for (uint8_t label : dataset.labels)
    ++histogram.at(label);
  for (int c = 0; c < kFashionMnistClasses; ++c)
    EXPECT_EQ(histogram[c], perClass) << fashionMnistClassName(c);
}

TEST_F(FashionMnistTest, SplitsHaveTheirSizesAndShape) {
  EXPECT_EQ(trainSet().count, 60000);
  EXPECT_EQ(testSet().count, 10000);
  for (const ImageDataset *set : {&trainSet(), &testSet()}) {
    EXPECT_EQ(set->channels, 1);
    EXPECT_EQ(set->height, 28);
    EXPECT_EQ(set->width, 28);
    EXPECT_EQ(set->numClasses, 10);
    EXPECT_EQ(set->pixels.size(), size_t(set->count) * 28 * 28);
    EXPECT_EQ(set->labels.size(), size_t(set->count));
  }
}

TEST_F(FashionMnistTest, EveryClassHasATenth) {
  expectBalancedLabels(trainSet(), 6000);
  expectBalancedLabels(testSet(), 1000);
}

TEST_F(FashionMnistTest, FirstLabelsAreTheKnownOnes) {
  const std::vector<uint8_t> firstTest = {9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
  const std::vector<uint8_t> firstTrain = {9, 0, 0, 3, 0, 2, 7, 2, 5, 5};
  EXPECT_EQ(std::vector<uint8_t>(testSet().labels.begin(),
                                 testSet().labels.begin() + 10),
            firstTest);
  EXPECT_EQ(std::vector<uint8_t>(trainSet().labels.begin(),
                                 trainSet().labels.begin() + 10),
            firstTrain);
  EXPECT_STREQ(fashionMnistClassName(testSet().labels[0]), "Ankle boot");
}

TEST_F(FashionMnistTest, PixelsSpanTheByteRange) {
  for (const ImageDataset *set : {&trainSet(), &testSet()}) {
    auto [lo, hi] = std::minmax_element(set->pixels.begin(), set->pixels.end());
    EXPECT_EQ(*lo, 0);
    EXPECT_EQ(*hi, 255);
  }
}

TEST_F(FashionMnistTest, NormalisationConstantsMatchTheTrainingPixels) {
  double sum = 0, sumSquares = 0;
  for (uint8_t pixel : trainSet().pixels) {
    double x = normalizePixel(pixel, kFashionMnistNormalization);
    sum += x;
    sumSquares += x * x;
  }
  double n = double(trainSet().pixels.size());
  double mean = sum / n;
  EXPECT_NEAR(mean, 0.0, 1e-3);
  EXPECT_NEAR(std::sqrt(sumSquares / n - mean * mean), 1.0, 1e-3);
}

} // namespace
} // namespace dfp::runtime
