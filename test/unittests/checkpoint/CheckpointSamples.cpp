#include "CheckpointSamples.h"

#include <cstring>
#include <limits>

namespace dfp::testing {
namespace {

float fromBits(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

} // namespace

bool sameBits(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() &&
         (a.empty() ||
          std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

runtime::Checkpoint sampleCheckpoint(uint64_t step, int64_t bigElements) {
  runtime::Checkpoint checkpoint;
  runtime::CheckpointMetadata &meta = checkpoint.metadata;
  meta.step = step;
  meta.epoch = step / 7;
  meta.dataIndex = step * 64 % 60000;
  meta.rngCounters = {step, ~step, uint64_t(1) << 63};
  meta.strings = {{"precision", "dfp16"},
                  {"empty", ""},
                  {"binary", std::string("a\0b\xff", 4)}};

  runtime::NamedTensor weights{"conv1.weight", {3, 1, 5, 5}, {}};
  for (int i = 0; i < 75; ++i)
    weights.values.push_back(float(step) + 0.001f * float(i));
  runtime::NamedTensor specials{"specials", {8}, {}};
  specials.values = {fromBits(0x7fc00001),
                     fromBits(0xffa00000),
                     -0.0f,
                     std::numeric_limits<float>::denorm_min(),
                     std::numeric_limits<float>::infinity(),
                     -std::numeric_limits<float>::infinity(),
                     std::numeric_limits<float>::max(),
                     float(step)};
  runtime::NamedTensor scalar{"scalar", {}, {float(step) * 0.5f}};
  runtime::NamedTensor empty{"momentum.empty", {4, 0, 3}, {}};
  checkpoint.tensors = {weights, specials, scalar, empty};
  if (bigElements > 0) {
    runtime::NamedTensor big{"big", {bigElements}, {}};
    big.values.resize(size_t(bigElements));
    for (int64_t i = 0; i < bigElements; ++i)
      big.values[size_t(i)] = float(step) + float(i % 1000);
    checkpoint.tensors.push_back(std::move(big));
  }
  return checkpoint;
}

bool isSampleCheckpoint(const runtime::Checkpoint &checkpoint, uint64_t step,
                        int64_t bigElements) {
  runtime::Checkpoint expected = sampleCheckpoint(step, bigElements);
  const runtime::CheckpointMetadata &a = checkpoint.metadata;
  const runtime::CheckpointMetadata &b = expected.metadata;
  if (a.step != b.step || a.epoch != b.epoch || a.dataIndex != b.dataIndex ||
      a.rngCounters != b.rngCounters || a.strings != b.strings ||
      checkpoint.tensors.size() != expected.tensors.size())
    return false;
  for (size_t i = 0; i < expected.tensors.size(); ++i) {
    const runtime::NamedTensor &x = checkpoint.tensors[i];
    const runtime::NamedTensor &y = expected.tensors[i];
    if (x.name != y.name || x.shape != y.shape || !sameBits(x.values, y.values))
      return false;
  }
  return true;
}

} // namespace dfp::testing
