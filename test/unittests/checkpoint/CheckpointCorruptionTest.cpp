#include "CheckpointSamples.h"
#include "TempDirectory.h"

#include "dfp/runtime/Checkpoint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <zlib.h>

namespace dfp::runtime {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;
using namespace dfp::testing;

// The file layout as lib/CheckpointFormat.h documents it.
constexpr size_t kHeaderSize = 32;
constexpr size_t kVersionOffset = 8;
constexpr size_t kPayloadSizeOffset = 16;
constexpr size_t kPayloadCrcOffset = 24;
constexpr size_t kHeaderCrcOffset = 28;

uint32_t crcOf(const uint8_t *bytes, size_t size) {
  return uint32_t(crc32_z(0, bytes, size));
}

template <typename T> void put(std::vector<uint8_t> &bytes, T value) {
  const auto *raw = reinterpret_cast<const uint8_t *>(&value);
  bytes.insert(bytes.end(), raw, raw + sizeof(T));
}

template <typename T> void poke(std::vector<uint8_t> &bytes, size_t at, T v) {
  std::memcpy(bytes.data() + at, &v, sizeof(T));
}

/// Recomputes both checksums, as a forger (or a buggy writer) would.
void resealChecksums(std::vector<uint8_t> &file) {
  poke<uint32_t>(file, kPayloadCrcOffset,
                 crcOf(file.data() + kHeaderSize, file.size() - kHeaderSize));
  poke<uint32_t>(file, kHeaderCrcOffset, crcOf(file.data(), kHeaderCrcOffset));
}

/// A file whose header and checksums are valid around `payload`.
std::vector<uint8_t> sealedFile(const std::vector<uint8_t> &payload) {
  std::vector<uint8_t> file(kHeaderSize, 0);
  std::memcpy(file.data(), "DFPCKPT", 8);
  poke<uint32_t>(file, kVersionOffset, 1);
  poke<uint64_t>(file, kPayloadSizeOffset, payload.size());
  file.insert(file.end(), payload.begin(), payload.end());
  resealChecksums(file);
  return file;
}

/// Payload with empty metadata up to (not including) the tensor count.
std::vector<uint8_t> emptyMetadata() {
  std::vector<uint8_t> payload;
  put<uint64_t>(payload, 1); // step
  put<uint64_t>(payload, 0); // epoch
  put<uint64_t>(payload, 0); // data index
  put<uint32_t>(payload, 0); // RNG counters
  put<uint32_t>(payload, 0); // strings
  return payload;
}

std::string decodeError(const std::vector<uint8_t> &file) {
  Checkpoint checkpoint;
  Status status =
      decodeCheckpoint(file.data(), file.size(), "ckpt.bin", checkpoint);
  return status.ok() ? "" : status.message();
}

class CheckpointCorruptionTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(encodeCheckpoint(sampleCheckpoint(77), good).ok());
  }
  std::vector<uint8_t> good;
};

TEST_F(CheckpointCorruptionTest, TheUntouchedFileDecodes) {
  EXPECT_EQ(decodeError(good), "");
  EXPECT_EQ(
      sealedFile(std::vector<uint8_t>(good.begin() + kHeaderSize, good.end())),
      good);
}

TEST_F(CheckpointCorruptionTest, EveryFlippedByteIsCaught) {
  for (size_t i = 0; i < good.size(); ++i) {
    std::vector<uint8_t> file = good;
    file[i] ^= 0x10;
    std::string message = decodeError(file);
    if (i < 8)
      EXPECT_THAT(message, HasSubstr("ckpt.bin: bad magic")) << i;
    else if (i < kHeaderSize)
      EXPECT_THAT(message, HasSubstr("ckpt.bin: header checksum mismatch"))
          << i;
    else
      EXPECT_THAT(message, HasSubstr("ckpt.bin: checksum mismatch")) << i;
  }
}

TEST_F(CheckpointCorruptionTest, EveryTruncationIsCaught) {
  for (size_t size = 0; size < good.size(); ++size) {
    std::vector<uint8_t> file(good.begin(), good.begin() + size);
    EXPECT_THAT(decodeError(file), HasSubstr("truncated")) << size;
  }
}

TEST_F(CheckpointCorruptionTest, TrailingBytesAreCaught) {
  std::vector<uint8_t> file = good;
  file.push_back(0);
  EXPECT_THAT(decodeError(file), HasSubstr("1 unexpected bytes after"));
}

TEST_F(CheckpointCorruptionTest, NewerVersionIsNamed) {
  std::vector<uint8_t> file = good;
  poke<uint32_t>(file, kVersionOffset, 2);
  resealChecksums(file);
  EXPECT_THAT(decodeError(file), HasSubstr("unsupported checkpoint version 2 "
                                           "(this build reads version 1)"));
}

TEST_F(CheckpointCorruptionTest, HugePayloadSizeIsTruncationNotAllocation) {
  std::vector<uint8_t> file = good;
  poke<uint64_t>(file, kPayloadSizeOffset, ~uint64_t(0));
  resealChecksums(file);
  EXPECT_THAT(decodeError(file), HasSubstr("truncated: the header announces "
                                           "18446744073709551615"));
}

TEST_F(CheckpointCorruptionTest, HugeTensorCountFailsBeforeAllocating) {
  std::vector<uint8_t> payload = emptyMetadata();
  put<uint32_t>(payload, 0xFFFFFFFF);
  EXPECT_THAT(decodeError(sealedFile(payload)),
              HasSubstr("tensor count 4294967295 cannot fit"));
}

TEST_F(CheckpointCorruptionTest, HugeRngCountFailsBeforeAllocating) {
  std::vector<uint8_t> payload;
  for (int i = 0; i < 3; ++i)
    put<uint64_t>(payload, 0);
  put<uint32_t>(payload, 0x7FFFFFFF);
  EXPECT_THAT(decodeError(sealedFile(payload)),
              HasSubstr("RNG counter count 2147483647 cannot fit"));
}

TEST_F(CheckpointCorruptionTest, HugeShapeFailsBeforeAllocating) {
  std::vector<uint8_t> payload = emptyMetadata();
  put<uint32_t>(payload, 1); // one tensor
  put<uint32_t>(payload, 1);
  payload.push_back('w');
  put<uint32_t>(payload, 2); // rank
  put<int64_t>(payload, int64_t(1) << 40);
  put<int64_t>(payload, int64_t(1) << 40);
  EXPECT_THAT(decodeError(sealedFile(payload)),
              HasSubstr("tensor 'w' has a shape that cannot fit"));
}

TEST_F(CheckpointCorruptionTest, NegativeDimensionAndRankAreRejected) {
  std::vector<uint8_t> payload = emptyMetadata();
  put<uint32_t>(payload, 1);
  put<uint32_t>(payload, 0); // unnamed
  put<uint32_t>(payload, 1);
  put<int64_t>(payload, -4);
  EXPECT_THAT(decodeError(sealedFile(payload)), HasSubstr("cannot fit"));

  payload = emptyMetadata();
  put<uint32_t>(payload, 1);
  put<uint32_t>(payload, 0);
  put<uint32_t>(payload, 1000);
  EXPECT_THAT(decodeError(sealedFile(payload)), HasSubstr("has rank 1000"));
}

TEST_F(CheckpointCorruptionTest, HugeStringLengthFailsBeforeAllocating) {
  std::vector<uint8_t> payload;
  for (int i = 0; i < 3; ++i)
    put<uint64_t>(payload, 0);
  put<uint32_t>(payload, 0); // RNG counters
  put<uint32_t>(payload, 1); // one string entry
  put<uint32_t>(payload, 0xFFFFFFF0);
  put<uint32_t>(payload, 0);
  EXPECT_THAT(decodeError(sealedFile(payload)),
              HasSubstr("string key of 4294967280 bytes exceeds"));
}

TEST_F(CheckpointCorruptionTest, DuplicateTensorNamesAreRejected) {
  std::vector<uint8_t> payload = emptyMetadata();
  put<uint32_t>(payload, 2);
  for (int t = 0; t < 2; ++t) {
    put<uint32_t>(payload, 1);
    payload.push_back('w');
    put<uint32_t>(payload, 0); // scalar
    put<float>(payload, 1.0f);
  }
  EXPECT_THAT(decodeError(sealedFile(payload)),
              HasSubstr("two tensors are named 'w'"));
}

TEST_F(CheckpointCorruptionTest, CorruptFileOnDiskNamesThePath) {
  TempDirectory dir;
  std::string path = dir.file("bad.dfpckpt");
  std::vector<uint8_t> file = good;
  file[file.size() - 3] ^= 0xFF;
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(file.data()),
             std::streamsize(file.size()));
  Checkpoint loaded;
  Status status = readCheckpoint(path, loaded);
  EXPECT_THAT(status.message(),
              HasSubstr(path + ": checksum mismatch: the payload is corrupt"));

  std::ofstream(path, std::ios::binary | std::ios::trunc).write("DFPC", 4);
  status = readCheckpoint(path, loaded);
  EXPECT_THAT(status.message(),
              HasSubstr(path + ": truncated: 4 bytes, shorter than the "
                               "32-byte header"));
  status = readCheckpoint(dir.path(), loaded);
  EXPECT_THAT(status.message(),
              AnyOf(HasSubstr("not a regular file"), HasSubstr("cannot")));
}

} // namespace
} // namespace dfp::runtime
