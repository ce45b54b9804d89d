#include "CheckpointSamples.h"
#include "TempDirectory.h"

#include "dfp/runtime/AtomicFile.h"
#include "dfp/runtime/CheckpointDirectory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace dfp::runtime {
namespace {

using ::testing::HasSubstr;
using namespace dfp::testing;

std::vector<uint64_t> steps(const CheckpointDirectory &directory) {
  std::vector<CheckpointEntry> entries;
  Status status = directory.list(entries);
  EXPECT_TRUE(status.ok()) << status.message();
  std::vector<uint64_t> result;
  for (const CheckpointEntry &entry : entries)
    result.push_back(entry.step);
  return result;
}

/// The pid of a process that has exited and been reaped.
pid_t deadPid() {
  pid_t child = fork();
  if (child == 0)
    _exit(0);
  waitpid(child, nullptr, 0);
  return child;
}

void touch(const std::string &path) { std::ofstream(path) << "partial"; }

TEST(CheckpointDirectoryTest, KeepsTheMostRecent) {
  TempDirectory dir;
  CheckpointDirectory directory(dir.file("run"), 3);
  for (uint64_t step : {5, 1, 9, 12, 7}) {
    std::string saved;
    Status status = directory.save(sampleCheckpoint(step), &saved);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_EQ(saved, directory.pathForStep(step));
  }
  // Step 7 was written last but is older than 9 and 12 by step.
  EXPECT_EQ(steps(directory), (std::vector<uint64_t>{7, 9, 12}));
  Checkpoint latest;
  std::string path;
  ASSERT_TRUE(directory.loadLatest(latest, &path).ok());
  EXPECT_TRUE(isSampleCheckpoint(latest, 12));
  EXPECT_EQ(path, directory.pathForStep(12));
}

TEST(CheckpointDirectoryTest, KeepZeroKeepsAll) {
  TempDirectory dir;
  CheckpointDirectory directory(dir.path(), 0);
  for (uint64_t step = 0; step < 6; ++step)
    ASSERT_TRUE(directory.save(sampleCheckpoint(step)).ok());
  EXPECT_EQ(steps(directory), (std::vector<uint64_t>{0, 1, 2, 3, 4, 5}));
}

TEST(CheckpointDirectoryTest, StepsSortNumerically) {
  TempDirectory dir;
  CheckpointDirectory directory(dir.path(), 0);
  ASSERT_TRUE(directory.save(sampleCheckpoint(99)).ok());
  ASSERT_TRUE(directory.save(sampleCheckpoint(1000000000000ull)).ok());
  ASSERT_TRUE(directory.save(sampleCheckpoint(100)).ok());
  EXPECT_EQ(steps(directory),
            (std::vector<uint64_t>{99, 100, 1000000000000ull}));
}

TEST(CheckpointDirectoryTest, OnlyCompleteCheckpointsAreListed) {
  TempDirectory dir;
  CheckpointDirectory directory(dir.path(), 0);
  ASSERT_TRUE(directory.save(sampleCheckpoint(3)).ok());
  std::string name =
      std::filesystem::path(directory.pathForStep(4)).filename().string();
  touch(dir.file("." + name + ".tmp." + std::to_string(getpid()) + ".0"));
  touch(dir.file(name + ".bak"));
  touch(dir.file("checkpoint-12x.dfpckpt"));
  touch(dir.file("checkpoint-.dfpckpt"));
  touch(dir.file("checkpoint-99999999999999999999999.dfpckpt"));
  EXPECT_EQ(steps(directory), (std::vector<uint64_t>{3}));
}

TEST(CheckpointDirectoryTest, StaleTemporariesOfDeadWritersAreRemoved) {
  TempDirectory dir;
  std::string dead = dir.file(".checkpoint-000000000004.dfpckpt.tmp." +
                              std::to_string(deadPid()) + ".3");
  std::string alive = dir.file(".checkpoint-000000000005.dfpckpt.tmp." +
                               std::to_string(getppid()) + ".0");
  std::string unrelated = dir.file(".notes.tmp.x");
  for (const std::string &path : {dead, alive, unrelated})
    touch(path);
  EXPECT_TRUE(
      isTemporaryFileName(std::filesystem::path(dead).filename().string()));
  EXPECT_FALSE(isTemporaryFileName(".notes.tmp.x"));

  CheckpointDirectory directory(dir.path(), 2);
  ASSERT_TRUE(directory.save(sampleCheckpoint(6)).ok());
  EXPECT_FALSE(std::filesystem::exists(dead));
  EXPECT_TRUE(std::filesystem::exists(alive));
  EXPECT_TRUE(std::filesystem::exists(unrelated));
}

TEST(CheckpointDirectoryTest, EmptyOrMissingDirectoryHasNoLatest) {
  TempDirectory dir;
  Checkpoint checkpoint;
  CheckpointDirectory empty(dir.path());
  EXPECT_THAT(empty.loadLatest(checkpoint).message(),
              HasSubstr(dir.path() + ": no checkpoint found"));
  CheckpointDirectory missing(dir.file("absent"));
  EXPECT_THAT(missing.loadLatest(checkpoint).message(),
              HasSubstr("cannot list checkpoints"));
}

TEST(CheckpointDirectoryTest, CorruptLatestIsReportedNotSkipped) {
  TempDirectory dir;
  CheckpointDirectory directory(dir.path(), 0);
  ASSERT_TRUE(directory.save(sampleCheckpoint(1)).ok());
  ASSERT_TRUE(directory.save(sampleCheckpoint(2)).ok());
  std::filesystem::resize_file(directory.pathForStep(2), 40);
  Checkpoint checkpoint;
  EXPECT_THAT(directory.loadLatest(checkpoint).message(),
              HasSubstr(directory.pathForStep(2) + ": truncated"));
}

} // namespace
} // namespace dfp::runtime
