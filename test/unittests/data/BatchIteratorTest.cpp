#include "dfp/runtime/BatchIterator.h"
#include "dfp/runtime/EpochOrder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace dfp::runtime {
namespace {

using ::testing::HasSubstr;

/// `count` 2x3 images whose pixels encode the sample (pixel = 7*sample + p).
ImageDataset smallDataset(int64_t count) {
  ImageDataset dataset;
  dataset.count = count;
  dataset.height = 2;
  dataset.width = 3;
  dataset.numClasses = 5;
  for (int64_t i = 0; i < count; ++i) {
    for (int p = 0; p < 6; ++p)
      dataset.pixels.push_back(uint8_t(7 * i + p));
    dataset.labels.push_back(uint8_t(i % 5));
  }
  return dataset;
}

std::unique_ptr<BatchIterator> makeIterator(const ImageDataset &dataset,
                                            const BatchOptions &options) {
  std::unique_ptr<BatchIterator> iterator;
  Status status = BatchIterator::create(dataset, options, iterator);
  EXPECT_TRUE(status.ok()) << status.message();
  return iterator;
}

/// Sample indices of the rest of the current epoch.
std::vector<int64_t> drainEpoch(BatchIterator &iterator) {
  std::vector<int64_t> samples;
  Batch batch;
  while (iterator.next(batch))
    samples.insert(samples.end(), batch.sampleIndices.begin(),
                   batch.sampleIndices.end());
  return samples;
}

TEST(BatchIteratorTest, BatchesAreNormalisedNchw) {
  ImageDataset dataset = smallDataset(10);
  BatchOptions options;
  options.batchSize = 4;
  options.seed = 5;
  options.normalization = {0.25f, 0.5f};
  auto iterator = makeIterator(dataset, options);
  Batch batch;
  ASSERT_TRUE(iterator->next(batch));
  EXPECT_EQ(batch.size, 4);
  EXPECT_EQ(batch.shape, (std::array<int64_t, 4>{4, 1, 2, 3}));
  ASSERT_EQ(batch.images.size(), 24u);
  for (int64_t b = 0; b < 4; ++b) {
    int64_t sample = batch.sampleIndices[b];
    EXPECT_EQ(batch.labels[b], sample % 5);
    for (int p = 0; p < 6; ++p)
      EXPECT_EQ(batch.images[b * 6 + p],
                (float(7 * sample + p) / 255.0f - 0.25f) / 0.5f);
  }
}

TEST(BatchIteratorTest, FloatImagesAreTakenAsTheyAre) {
  ImageDataset dataset = smallDataset(10);
  dataset.pixels.clear();
  for (int64_t i = 0; i < 10 * 6; ++i)
    dataset.values.push_back(0.5f * float(i) - 3.0f);
  BatchOptions options;
  options.batchSize = 4;
  options.seed = 5;
  options.normalization = {0.25f, 0.5f}; // ignored for float images
  auto iterator = makeIterator(dataset, options);
  Batch batch;
  ASSERT_TRUE(iterator->next(batch));
  for (int64_t b = 0; b < 4; ++b) {
    int64_t sample = batch.sampleIndices[b];
    EXPECT_EQ(batch.labels[b], sample % 5);
    for (int p = 0; p < 6; ++p)
      EXPECT_EQ(batch.images[b * 6 + p], dataset.values[sample * 6 + p]);
  }
}

TEST(BatchIteratorTest, ImageStorageOfAnotherSizeIsRejected) {
  ImageDataset dataset = smallDataset(10);
  dataset.values.assign(59, 0.0f);
  std::unique_ptr<BatchIterator> iterator;
  Status status = BatchIterator::create(dataset, BatchOptions{}, iterator);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(),
              HasSubstr("59 image elements and 10 labels, expected 60"));
}

TEST(BatchIteratorTest, ShuffledEpochFollowsTheDocumentedOrder) {
  ImageDataset dataset = smallDataset(37);
  BatchOptions options;
  options.batchSize = 8;
  options.seed = 11;
  auto iterator = makeIterator(dataset, options);
  for (uint64_t epoch = 0; epoch < 3; ++epoch) {
    std::vector<uint32_t> expected = shuffledEpochOrder(37, 11, epoch);
    EXPECT_EQ(drainEpoch(*iterator),
              std::vector<int64_t>(expected.begin(), expected.end()));
    EXPECT_EQ(iterator->position(), (DataPosition{epoch + 1, 0}));
  }
}

TEST(BatchIteratorTest, UnshuffledVisitsInIndexOrder) {
  ImageDataset dataset = smallDataset(5);
  BatchOptions options;
  options.batchSize = 2;
  options.shuffle = false;
  auto iterator = makeIterator(dataset, options);
  EXPECT_EQ(drainEpoch(*iterator), (std::vector<int64_t>{0, 1, 2, 3, 4}));
}

TEST(BatchIteratorTest, LastBatchIsSmallerOrDropped) {
  ImageDataset dataset = smallDataset(10);
  BatchOptions options;
  options.batchSize = 4;
  auto keep = makeIterator(dataset, options);
  EXPECT_EQ(keep->batchesPerEpoch(), 3);
  std::vector<int64_t> sizes;
  Batch batch;
  while (keep->next(batch))
    sizes.push_back(batch.size);
  EXPECT_EQ(sizes, (std::vector<int64_t>{4, 4, 2}));

  options.dropLast = true;
  auto drop = makeIterator(dataset, options);
  EXPECT_EQ(drop->batchesPerEpoch(), 2);
  EXPECT_EQ(drop->samplesPerEpoch(), 8u);
  EXPECT_EQ(drainEpoch(*drop).size(), 8u);
  EXPECT_EQ(drop->position(), (DataPosition{1, 0}));
}

TEST(BatchIteratorTest, SameSeedGivesTheSameBatches) {
  ImageDataset dataset = smallDataset(50);
  BatchOptions options;
  options.batchSize = 7;
  options.seed = 3;
  auto first = makeIterator(dataset, options);
  auto second = makeIterator(dataset, options);
  for (int epoch = 0; epoch < 2; ++epoch)
    EXPECT_EQ(drainEpoch(*first), drainEpoch(*second));
}

TEST(BatchIteratorTest, ResumingFromAPositionGivesTheSameRemainingOrder) {
  ImageDataset dataset = smallDataset(50);
  BatchOptions options;
  options.batchSize = 6;
  options.seed = 1234;
  auto uninterrupted = makeIterator(dataset, options);
  Batch batch;
  ASSERT_EQ(drainEpoch(*uninterrupted).size(), 50u);
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(uninterrupted->next(batch));
  DataPosition saved = uninterrupted->position();
  EXPECT_EQ(saved, (DataPosition{1, 18}));
  std::vector<int64_t> rest = drainEpoch(*uninterrupted);
  std::vector<int64_t> nextEpoch = drainEpoch(*uninterrupted);

  auto resumed = makeIterator(dataset, options);
  Status status = resumed->seek(saved);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(drainEpoch(*resumed), rest);
  EXPECT_EQ(drainEpoch(*resumed), nextEpoch);
}

TEST(BatchIteratorTest, SeekPastTheEpochFails) {
  ImageDataset dataset = smallDataset(10);
  BatchOptions options;
  options.batchSize = 4;
  options.dropLast = true;
  auto iterator = makeIterator(dataset, options);
  EXPECT_TRUE(iterator->seek({3, 8}).ok());
  Status status = iterator->seek({3, 9});
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("data position 9 lies past the 8"));
  EXPECT_EQ(iterator->position(), (DataPosition{3, 8}));
}

TEST(BatchIteratorTest, BadOptionsAreRejected) {
  ImageDataset dataset = smallDataset(10);
  std::unique_ptr<BatchIterator> iterator;
  BatchOptions options;
  options.batchSize = 0;
  Status status = BatchIterator::create(dataset, options, iterator);
  EXPECT_THAT(status.message(), HasSubstr("batch size must be positive"));

  options.batchSize = 11;
  options.dropLast = true;
  status = BatchIterator::create(dataset, options, iterator);
  EXPECT_THAT(status.message(), HasSubstr("would leave none"));

  status = BatchIterator::create(smallDataset(0), BatchOptions(), iterator);
  EXPECT_THAT(status.message(), HasSubstr("empty"));
  EXPECT_EQ(iterator, nullptr);
}

} // namespace
} // namespace dfp::runtime
