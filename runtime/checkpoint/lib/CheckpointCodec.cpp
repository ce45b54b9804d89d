#include "ByteReader.h"
#include "ByteWriter.h"
#include "CheckpointHeader.h"

#include "dfp/runtime/Checkpoint.h"

#include <algorithm>
#include <set>

namespace dfp::runtime {

using namespace checkpoint_format;

namespace {

Status checkTensor(const NamedTensor &tensor) {
  if (tensor.shape.size() > kMaxTensorRank)
    return Status::error(
        "tensor '" + tensor.name + "' has rank " +
        std::to_string(tensor.shape.size()) +
        ", checkpoints hold rank <= " + std::to_string(kMaxTensorRank));
  uint64_t elements = 1;
  for (int64_t dim : tensor.shape) {
    if (dim < 0)
      return Status::error("tensor '" + tensor.name +
                           "' has a negative dimension");
    elements *= uint64_t(dim);
  }
  if (elements != tensor.values.size())
    return Status::error("tensor '" + tensor.name + "' has " +
                         std::to_string(tensor.values.size()) +
                         " values but its shape holds " +
                         std::to_string(elements));
  return Status::success();
}

/// The payload size encodePayload writes, so the buffer is sized once.
size_t payloadSize(const Checkpoint &checkpoint) {
  const CheckpointMetadata &meta = checkpoint.metadata;
  size_t size = 3 * sizeof(uint64_t) + sizeof(uint32_t) +
                meta.rngCounters.size() * sizeof(uint64_t) + sizeof(uint32_t);
  for (const auto &[key, value] : meta.strings)
    size += 2 * sizeof(uint32_t) + key.size() + value.size();
  size += sizeof(uint32_t);
  for (const NamedTensor &tensor : checkpoint.tensors)
    size += 2 * sizeof(uint32_t) + tensor.name.size() +
            tensor.shape.size() * sizeof(int64_t) +
            tensor.values.size() * sizeof(float);
  return size;
}

void encodePayload(const Checkpoint &checkpoint, ByteWriter &out) {
  const CheckpointMetadata &meta = checkpoint.metadata;
  out.value(meta.step);
  out.value(meta.epoch);
  out.value(meta.dataIndex);
  out.value(uint32_t(meta.rngCounters.size()));
  out.raw(meta.rngCounters.data(), meta.rngCounters.size() * sizeof(uint64_t));
  out.value(uint32_t(meta.strings.size()));
  for (const auto &[key, value] : meta.strings) {
    out.string(key);
    out.string(value);
  }
  out.value(uint32_t(checkpoint.tensors.size()));
  for (const NamedTensor &tensor : checkpoint.tensors) {
    out.string(tensor.name);
    out.value(uint32_t(tensor.shape.size()));
    out.raw(tensor.shape.data(), tensor.shape.size() * sizeof(int64_t));
    out.raw(tensor.values.data(), tensor.values.size() * sizeof(float));
  }
}

Status decodeMetadata(ByteReader &in, CheckpointMetadata &meta) {
  uint32_t rngCount = 0;
  if (Status s = in.value(meta.step, "step"); !s.ok())
    return s;
  if (Status s = in.value(meta.epoch, "epoch"); !s.ok())
    return s;
  if (Status s = in.value(meta.dataIndex, "data index"); !s.ok())
    return s;
  if (Status s = in.value(rngCount, "RNG counter count"); !s.ok())
    return s;
  if (Status s = in.checkCount(rngCount, sizeof(uint64_t), "RNG counter");
      !s.ok())
    return s;
  meta.rngCounters.resize(rngCount);
  if (Status s = in.raw(meta.rngCounters.data(), rngCount * sizeof(uint64_t),
                        "RNG counters");
      !s.ok())
    return s;

  uint32_t stringCount = 0;
  if (Status s = in.value(stringCount, "string count"); !s.ok())
    return s;
  constexpr size_t kEmptyEntryBytes = 2 * sizeof(uint32_t);
  if (Status s = in.checkCount(stringCount, kEmptyEntryBytes, "string entry");
      !s.ok())
    return s;
  for (uint32_t i = 0; i < stringCount; ++i) {
    std::string key, value;
    if (Status s = in.string(key, "string key"); !s.ok())
      return s;
    if (Status s = in.string(value, "string value"); !s.ok())
      return s;
    if (!meta.strings.emplace(std::move(key), std::move(value)).second)
      return in.error("corrupt checkpoint: duplicate string key");
  }
  return Status::success();
}

Status decodeTensor(ByteReader &in, NamedTensor &tensor) {
  if (Status s = in.string(tensor.name, "tensor name"); !s.ok())
    return s;
  uint32_t rank = 0;
  if (Status s = in.value(rank, "tensor rank"); !s.ok())
    return s;
  if (rank > kMaxTensorRank)
    return in.error("corrupt checkpoint: tensor '" + tensor.name +
                    "' has rank " + std::to_string(rank));
  tensor.shape.resize(rank);
  if (Status s =
          in.raw(tensor.shape.data(), rank * sizeof(int64_t), "tensor shape");
      !s.ok())
    return s;
  bool empty = std::find(tensor.shape.begin(), tensor.shape.end(), 0) !=
               tensor.shape.end();
  uint64_t elements = 1;
  uint64_t capacity = in.remaining() / sizeof(float);
  for (int64_t dim : tensor.shape) {
    if (dim < 0 || (!empty && elements > capacity / uint64_t(dim)))
      return in.error("corrupt checkpoint: tensor '" + tensor.name +
                      "' has a shape that cannot fit in the " +
                      std::to_string(in.remaining()) + " bytes left");
    elements = empty ? 0 : elements * uint64_t(dim);
  }
  tensor.values.resize(elements);
  return in.raw(tensor.values.data(), elements * sizeof(float),
                "tensor values");
}

} // namespace

const NamedTensor *Checkpoint::find(const std::string &name) const {
  for (const NamedTensor &tensor : tensors)
    if (tensor.name == name)
      return &tensor;
  return nullptr;
}

Status encodeCheckpoint(const Checkpoint &checkpoint,
                        std::vector<uint8_t> &bytes) {
  std::set<std::string> names;
  for (const NamedTensor &tensor : checkpoint.tensors) {
    if (!names.insert(tensor.name).second)
      return Status::error("two checkpoint tensors are named '" + tensor.name +
                           "'");
    if (Status s = checkTensor(tensor); !s.ok())
      return s;
  }
  bytes.clear();
  bytes.reserve(kHeaderSize + payloadSize(checkpoint));
  bytes.resize(kHeaderSize, 0);
  ByteWriter writer(bytes);
  encodePayload(checkpoint, writer);
  uint64_t payloadSize = bytes.size() - kHeaderSize;
  writeCheckpointHeader(payloadSize,
                        crc32Of(bytes.data() + kHeaderSize, payloadSize),
                        bytes.data());
  return Status::success();
}

Status decodeCheckpointPayload(const uint8_t *payload, size_t size,
                               uint32_t expectedCrc, const std::string &source,
                               Checkpoint &out) {
  if (crc32Of(payload, size) != expectedCrc)
    return Status::error(source +
                         ": checksum mismatch: the payload is corrupt");
  ByteReader in(payload, size, source);
  Checkpoint checkpoint;
  if (Status s = decodeMetadata(in, checkpoint.metadata); !s.ok())
    return s;
  uint32_t tensorCount = 0;
  if (Status s = in.value(tensorCount, "tensor count"); !s.ok())
    return s;
  constexpr size_t kEmptyTensorBytes = 2 * sizeof(uint32_t);
  if (Status s = in.checkCount(tensorCount, kEmptyTensorBytes, "tensor");
      !s.ok())
    return s;
  std::set<std::string> names;
  checkpoint.tensors.resize(tensorCount);
  for (NamedTensor &tensor : checkpoint.tensors) {
    if (Status s = decodeTensor(in, tensor); !s.ok())
      return s;
    if (!names.insert(tensor.name).second)
      return in.error("corrupt checkpoint: two tensors are named '" +
                      tensor.name + "'");
  }
  if (in.remaining() != 0)
    return in.error("corrupt checkpoint: " + std::to_string(in.remaining()) +
                    " bytes left after the last tensor");
  out = std::move(checkpoint);
  return Status::success();
}

Status decodeCheckpoint(const uint8_t *bytes, size_t size,
                        const std::string &source, Checkpoint &out) {
  uint32_t payloadCrc = 0;
  if (Status s = checkCheckpointHeader(bytes, size, source, payloadCrc);
      !s.ok())
    return s;
  return decodeCheckpointPayload(bytes + kHeaderSize, size - kHeaderSize,
                                 payloadCrc, source, out);
}

} // namespace dfp::runtime
