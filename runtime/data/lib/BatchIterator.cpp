#include "dfp/runtime/BatchIterator.h"

#include "dfp/runtime/EpochOrder.h"

#include <algorithm>
#include <limits>

namespace dfp::runtime {

Status BatchIterator::create(const ImageDataset &dataset,
                             const BatchOptions &options,
                             std::unique_ptr<BatchIterator> &out) {
  if (options.batchSize <= 0)
    return Status::error("batch size must be positive, got " +
                         std::to_string(options.batchSize));
  if (dataset.count <= 0)
    return Status::error("the data set is empty");
  if (dataset.count > std::numeric_limits<uint32_t>::max())
    return Status::error("the data set holds " + std::to_string(dataset.count) +
                         " samples, more than 2^32 - 1");
  if (options.dropLast && options.batchSize > dataset.count)
    return Status::error("batch size " + std::to_string(options.batchSize) +
                         " exceeds the " + std::to_string(dataset.count) +
                         " samples, and dropping the last batch would leave "
                         "none");
  const size_t elements = size_t(dataset.count * dataset.imageSize());
  const bool floats = !dataset.values.empty();
  if ((floats ? dataset.values.size() : dataset.pixels.size()) != elements ||
      dataset.labels.size() != size_t(dataset.count))
    return Status::error(
        "the data set holds " +
        std::to_string(floats ? dataset.values.size() : dataset.pixels.size()) +
        " image elements and " + std::to_string(dataset.labels.size()) +
        " labels, expected " + std::to_string(elements) + " and " +
        std::to_string(dataset.count));
  if (!(options.normalization.std > 0.0f))
    return Status::error("normalisation std must be positive");
  out.reset(new BatchIterator(dataset, options));
  return Status::success();
}

BatchIterator::BatchIterator(const ImageDataset &dataset,
                             const BatchOptions &options)
    : dataset_(dataset), options_(options),
      table_(normalizationTable(options.normalization)) {}

uint64_t BatchIterator::samplesPerEpoch() const {
  uint64_t count = uint64_t(dataset_.count);
  if (!options_.dropLast)
    return count;
  return count - count % uint64_t(options_.batchSize);
}

int64_t BatchIterator::batchesPerEpoch() const {
  uint64_t samples = samplesPerEpoch();
  uint64_t size = uint64_t(options_.batchSize);
  return int64_t((samples + size - 1) / size);
}

Status BatchIterator::seek(DataPosition position) {
  if (position.index > samplesPerEpoch())
    return Status::error("data position " + std::to_string(position.index) +
                         " lies past the " + std::to_string(samplesPerEpoch()) +
                         " samples of an epoch");
  position_ = position;
  return Status::success();
}

void BatchIterator::loadEpochOrder() {
  if (orderValid_ && orderEpoch_ == position_.epoch)
    return;
  uint32_t count = uint32_t(dataset_.count);
  if (options_.shuffle) {
    order_ = shuffledEpochOrder(count, options_.seed, position_.epoch);
  } else {
    order_.resize(count);
    for (uint32_t i = 0; i < count; ++i)
      order_[i] = i;
  }
  orderEpoch_ = position_.epoch;
  orderValid_ = true;
}

bool BatchIterator::next(Batch &batch) {
  uint64_t end = samplesPerEpoch();
  if (position_.index >= end) {
    position_ = DataPosition{position_.epoch + 1, 0};
    return false;
  }
  loadEpochOrder();
  int64_t size =
      int64_t(std::min<uint64_t>(options_.batchSize, end - position_.index));
  int64_t imageSize = dataset_.imageSize();
  batch.size = size;
  batch.shape = {size, dataset_.channels, dataset_.height, dataset_.width};
  batch.images.resize(size * imageSize);
  batch.labels.resize(size);
  batch.sampleIndices.resize(size);
  for (int64_t b = 0; b < size; ++b) {
    uint32_t sample = order_[position_.index + b];
    float *image = batch.images.data() + b * imageSize;
    if (!dataset_.values.empty()) {
      std::copy_n(dataset_.values.data() + int64_t(sample) * imageSize,
                  imageSize, image);
    } else {
      const uint8_t *pixels = dataset_.image(sample);
      for (int64_t p = 0; p < imageSize; ++p)
        image[p] = table_[pixels[p]];
    }
    batch.labels[b] = dataset_.labels[sample];
    batch.sampleIndices[b] = sample;
  }
  position_.index += uint64_t(size);
  return true;
}

} // namespace dfp::runtime
