#include "CheckpointHeader.h"

#include <cstring>
#include <limits>
#include <zlib.h>

namespace dfp::runtime {

using namespace checkpoint_format;

namespace {

template <typename T> T load(const uint8_t *bytes) {
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

template <typename T> void store(uint8_t *bytes, T value) {
  std::memcpy(bytes, &value, sizeof(T));
}

} // namespace

uint32_t crc32Of(const uint8_t *bytes, size_t size) {
  return uint32_t(crc32_z(crc32_z(0, nullptr, 0), bytes, size));
}

void writeCheckpointHeader(uint64_t payloadSize, uint32_t payloadCrc,
                           uint8_t *out) {
  std::memcpy(out, kMagic, sizeof(kMagic));
  store<uint32_t>(out + 8, kVersion);
  store<uint32_t>(out + 12, 0);
  store<uint64_t>(out + 16, payloadSize);
  store<uint32_t>(out + 24, payloadCrc);
  store<uint32_t>(out + kHeaderCrcOffset, crc32Of(out, kHeaderCrcOffset));
}

Status checkCheckpointHeader(const uint8_t *bytes, uint64_t fileSize,
                             const std::string &source, uint32_t &payloadCrc) {
  auto fail = [&](const std::string &problem) {
    return Status::error(source + ": " + problem);
  };
  if (fileSize < kHeaderSize)
    return fail("truncated: " + std::to_string(fileSize) +
                " bytes, shorter than the " + std::to_string(kHeaderSize) +
                "-byte header");
  if (std::memcmp(bytes, kMagic, sizeof(kMagic)) != 0)
    return fail("bad magic: not a dfp checkpoint");
  if (load<uint32_t>(bytes + kHeaderCrcOffset) !=
      crc32Of(bytes, kHeaderCrcOffset))
    return fail("header checksum mismatch: the header is corrupt");
  uint32_t version = load<uint32_t>(bytes + 8);
  if (version != kVersion)
    return fail("unsupported checkpoint version " + std::to_string(version) +
                " (this build reads version " + std::to_string(kVersion) + ")");
  uint64_t payloadSize = load<uint64_t>(bytes + 16);
  uint64_t present = fileSize - kHeaderSize;
  if (payloadSize > present)
    return fail("truncated: the header announces " +
                std::to_string(payloadSize) +
                " payload bytes, the file holds " + std::to_string(present));
  if (payloadSize < present)
    return fail(std::to_string(present - payloadSize) +
                " unexpected bytes after the payload");
  payloadCrc = load<uint32_t>(bytes + 24);
  return Status::success();
}

} // namespace dfp::runtime
