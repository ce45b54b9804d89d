#include "CheckpointSamples.h"
#include "TempDirectory.h"

#include "dfp/runtime/Checkpoint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace dfp::runtime {
namespace {

using ::testing::HasSubstr;
using namespace dfp::testing;

TEST(CheckpointRoundTripTest, FileRoundTripIsBitIdentical) {
  TempDirectory dir;
  std::string path = dir.file("model.dfpckpt");
  Status written = writeCheckpoint(path, sampleCheckpoint(1234, 100003));
  ASSERT_TRUE(written.ok()) << written.message();
  Checkpoint loaded;
  Status read = readCheckpoint(path, loaded);
  ASSERT_TRUE(read.ok()) << read.message();
  EXPECT_TRUE(isSampleCheckpoint(loaded, 1234, 100003));
  EXPECT_EQ(loaded.metadata.strings.at("binary"), std::string("a\0b\xff", 4));
  ASSERT_NE(loaded.find("scalar"), nullptr);
  EXPECT_EQ(loaded.find("scalar")->values, std::vector<float>{617.0f});
  EXPECT_EQ(loaded.find("absent"), nullptr);
}

TEST(CheckpointRoundTripTest, EncodingIsDeterministic) {
  std::vector<uint8_t> first, second;
  ASSERT_TRUE(encodeCheckpoint(sampleCheckpoint(9), first).ok());
  ASSERT_TRUE(encodeCheckpoint(sampleCheckpoint(9), second).ok());
  EXPECT_EQ(first, second);
  Checkpoint decoded;
  Status status =
      decodeCheckpoint(first.data(), first.size(), "memory", decoded);
  ASSERT_TRUE(status.ok()) << status.message();
  std::vector<uint8_t> again;
  ASSERT_TRUE(encodeCheckpoint(decoded, again).ok());
  EXPECT_EQ(again, first);
}

TEST(CheckpointRoundTripTest, EmptyCheckpointRoundTrips) {
  std::vector<uint8_t> bytes;
  ASSERT_TRUE(encodeCheckpoint(Checkpoint(), bytes).ok());
  Checkpoint decoded = sampleCheckpoint(3);
  ASSERT_TRUE(decodeCheckpoint(bytes.data(), bytes.size(), "m", decoded).ok());
  EXPECT_TRUE(decoded.tensors.empty());
  EXPECT_EQ(decoded.metadata.step, 0u);
  EXPECT_TRUE(decoded.metadata.strings.empty());
}

TEST(CheckpointRoundTripTest, OverwritingReplacesTheFile) {
  TempDirectory dir;
  std::string path = dir.file("c.dfpckpt");
  ASSERT_TRUE(writeCheckpoint(path, sampleCheckpoint(1, 5000)).ok());
  ASSERT_TRUE(writeCheckpoint(path, sampleCheckpoint(2)).ok());
  Checkpoint loaded;
  ASSERT_TRUE(readCheckpoint(path, loaded).ok());
  EXPECT_TRUE(isSampleCheckpoint(loaded, 2));
}

TEST(CheckpointRoundTripTest, InconsistentTensorsAreRefused) {
  TempDirectory dir;
  Checkpoint checkpoint = sampleCheckpoint(1);
  checkpoint.tensors.push_back(checkpoint.tensors[0]);
  Status status = writeCheckpoint(dir.file("c"), checkpoint);
  EXPECT_THAT(status.message(),
              HasSubstr("two checkpoint tensors are named 'conv1.weight'"));

  checkpoint = sampleCheckpoint(1);
  checkpoint.tensors[0].values.pop_back();
  status = writeCheckpoint(dir.file("c"), checkpoint);
  EXPECT_THAT(status.message(), HasSubstr("'conv1.weight' has 74 values but "
                                          "its shape holds 75"));

  checkpoint = sampleCheckpoint(1);
  checkpoint.tensors[0].shape = {1, 1, 1, 1, 1, 1, 1, 1, 75};
  status = writeCheckpoint(dir.file("c"), checkpoint);
  EXPECT_THAT(status.message(), HasSubstr("rank 9"));
  EXPECT_FALSE(std::ifstream(dir.file("c")).good());
}

TEST(CheckpointRoundTripTest, MissingFileIsNamed) {
  TempDirectory dir;
  Checkpoint loaded;
  Status status = readCheckpoint(dir.file("absent.dfpckpt"), loaded);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(dir.file("absent.dfpckpt") +
                                          ": cannot open checkpoint"));
}

TEST(CheckpointRoundTripTest, UnwritableDirectoryIsReported) {
  TempDirectory dir;
  Status status =
      writeCheckpoint(dir.file("missing/sub/c.dfpckpt"), sampleCheckpoint(1));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("cannot create temporary file"));
}

} // namespace
} // namespace dfp::runtime
