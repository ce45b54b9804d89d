#ifndef DFP_RUNTIME_CHECKPOINT_H
#define DFP_RUNTIME_CHECKPOINT_H

#include "dfp/reference/Status.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dfp::runtime {

/// An FP32 tensor saved by name (a parameter, a momentum buffer, ...).
struct NamedTensor {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> values; // row-major, product(shape) elements
};

/// Where training stood when the checkpoint was taken.
struct CheckpointMetadata {
  uint64_t step = 0;
  uint64_t epoch = 0;
  /// Samples of `epoch` already consumed (dfp::runtime::DataPosition::index).
  uint64_t dataIndex = 0;
  /// Counters of the random streams (stochastic rounding, dropout, ...).
  std::vector<uint64_t> rngCounters;
  /// Free-form settings: precision, model name, seed, ...
  std::map<std::string, std::string> strings;
};

struct Checkpoint {
  CheckpointMetadata metadata;
  std::vector<NamedTensor> tensors;

  /// The tensor called `name`, or null.
  const NamedTensor *find(const std::string &name) const;
};

/// The file image of a checkpoint (format in lib/CheckpointFormat.h). Fails
/// on duplicate tensor names or a shape that does not match the values.
Status encodeCheckpoint(const Checkpoint &checkpoint,
                        std::vector<uint8_t> &bytes);

/// Parses a file image; errors start with `source` (the path). Every size is
/// checked against the bytes present before anything is allocated.
Status decodeCheckpoint(const uint8_t *bytes, size_t size,
                        const std::string &source, Checkpoint &out);

/// Writes atomically: a reader sees the old file or the new one, never a mix,
/// even if the process is killed or the machine loses power.
Status writeCheckpoint(const std::string &path, const Checkpoint &checkpoint);

/// Reads and verifies (magic, version, checksums, sizes) a checkpoint file.
Status readCheckpoint(const std::string &path, Checkpoint &out);

} // namespace dfp::runtime

#endif // DFP_RUNTIME_CHECKPOINT_H
