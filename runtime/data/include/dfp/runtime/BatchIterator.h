#ifndef DFP_RUNTIME_BATCHITERATOR_H
#define DFP_RUNTIME_BATCHITERATOR_H

#include "dfp/reference/Status.h"
#include "dfp/runtime/ImageDataset.h"
#include "dfp/runtime/Normalization.h"

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace dfp::runtime {

/// Where the iterator stands: `index` samples of epoch `epoch` have been
/// handed out. Saving it in a checkpoint and seeking back to it restores the
/// exact remaining data order.
struct DataPosition {
  uint64_t epoch = 0;
  uint64_t index = 0;

  bool operator==(const DataPosition &other) const {
    return epoch == other.epoch && index == other.index;
  }
  bool operator!=(const DataPosition &other) const { return !(*this == other); }
};

struct BatchOptions {
  int64_t batchSize = 64;
  /// Drop the last batch of an epoch when it is smaller than batchSize.
  bool dropLast = false;
  /// Visit samples in shuffledEpochOrder(count, seed, epoch); otherwise in
  /// index order.
  bool shuffle = true;
  uint64_t seed = 0;
  Normalization normalization;
};

/// One batch: images normalised to FP32 in NCHW layout.
struct Batch {
  int64_t size = 0;
  std::array<int64_t, 4> shape{}; // N, C, H, W with N = size
  std::vector<float> images;
  std::vector<int32_t> labels;
  std::vector<int64_t> sampleIndices; // dataset index of each image
};

/// Hands out the batches of a data set epoch after epoch. The data set must
/// outlive the iterator.
class BatchIterator {
public:
  static Status create(const ImageDataset &dataset, const BatchOptions &options,
                       std::unique_ptr<BatchIterator> &out);

  /// Fills `batch` with the next batch of the current epoch and returns true;
  /// at the end of the epoch returns false and moves to the next epoch.
  bool next(Batch &batch);

  DataPosition position() const { return position_; }
  /// Continues from a position saved earlier; fails if `index` lies past the
  /// end of an epoch.
  Status seek(DataPosition position);

  /// Samples one epoch hands out (the data set size, less the dropped tail).
  uint64_t samplesPerEpoch() const;
  int64_t batchesPerEpoch() const;

private:
  BatchIterator(const ImageDataset &dataset, const BatchOptions &options);
  void loadEpochOrder();

  const ImageDataset &dataset_;
  BatchOptions options_;
  std::array<float, 256> table_;
  DataPosition position_;
  std::vector<uint32_t> order_;
  uint64_t orderEpoch_ = 0;
  bool orderValid_ = false;
};

} // namespace dfp::runtime

#endif // DFP_RUNTIME_BATCHITERATOR_H
