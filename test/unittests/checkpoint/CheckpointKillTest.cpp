#include "CheckpointSamples.h"
#include "TempDirectory.h"

#include "dfp/runtime/AtomicFile.h"
#include "dfp/runtime/CheckpointDirectory.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace dfp::runtime {
namespace {

using namespace dfp::testing;
using Clock = std::chrono::steady_clock;

// Large enough (8 MB) that a save takes milliseconds.
constexpr int64_t kBigElements = int64_t(2) << 20;
constexpr unsigned kKeep = 2;
constexpr int kKills = 12;

constexpr char kSaveStarts = 's';
constexpr char kSaveEnded = 'e';

/// The child: resumes after the latest checkpoint and saves forever, telling
/// `events` when each save starts and ends.
[[noreturn]] void writeForever(const std::string &dir, int events) {
  CheckpointDirectory directory(dir, kKeep);
  uint64_t step = 0;
  std::vector<CheckpointEntry> entries;
  if (directory.list(entries).ok() && !entries.empty())
    step = entries.back().step + 1;
  for (;; ++step) {
    Checkpoint checkpoint = sampleCheckpoint(step, kBigElements);
    if (::write(events, &kSaveStarts, 1) != 1 ||
        !directory.save(checkpoint).ok() ||
        ::write(events, &kSaveEnded, 1) != 1)
      _exit(1);
  }
}

size_t countTemporaries(const std::string &dir) {
  size_t count = 0;
  for (const auto &entry : std::filesystem::directory_iterator(dir))
    count += isTemporaryFileName(entry.path().filename().string());
  return count;
}

bool await(int events, char event) {
  char byte = 0;
  while (byte != event)
    if (::read(events, &byte, 1) != 1)
      return false;
  return true;
}

/// Waits (a few seconds at most) until a temporary file shows a write in
/// flight.
void awaitTemporary(const std::string &dir) {
  auto deadline = Clock::now() + std::chrono::seconds(5);
  while (countTemporaries(dir) == 0 && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::microseconds(100));
}

/// Starts a writer, lets it complete a save, then SIGKILLs it at a random
/// moment inside the next save, or (`aimAtWrite`) once its temporary file
/// appears.
void runAndKillWriter(const std::string &dir, std::mt19937 &random,
                      bool aimAtWrite) {
  int pipeEnds[2];
  ASSERT_EQ(::pipe(pipeEnds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipeEnds[0]);
    writeForever(dir, pipeEnds[1]);
  }
  ::close(pipeEnds[1]);
  int events = pipeEnds[0];
  bool started = await(events, kSaveEnded) && await(events, kSaveStarts);
  auto saveStart = Clock::now();
  started = started && await(events, kSaveEnded);
  auto saveDuration = Clock::now() - saveStart;
  std::uniform_int_distribution<int64_t> permille(0, 999);
  started = started && await(events, kSaveStarts);
  if (started && aimAtWrite)
    awaitTemporary(dir);
  else if (started)
    std::this_thread::sleep_for(saveDuration * permille(random) / 1000);
  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ::close(events);
  ASSERT_TRUE(started && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the writer failed before it was killed";
}

TEST(CheckpointKillTest, SigkillMidWriteLeavesTheLastCheckpointLoadable) {
  TempDirectory dir;
  std::mt19937 random(20261123);
  uint64_t lastStep = 0;
  size_t killsMidWrite = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    runAndKillWriter(dir.path(), random, /*aimAtWrite=*/kill % 3 == 2);
    if (HasFatalFailure())
      return;
    killsMidWrite += countTemporaries(dir.path()) > 0;

    CheckpointDirectory directory(dir.path(), kKeep);
    Checkpoint latest;
    std::string path;
    Status loaded = directory.loadLatest(latest, &path);
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    uint64_t step = latest.metadata.step;
    EXPECT_EQ(path, directory.pathForStep(step));
    EXPECT_TRUE(isSampleCheckpoint(latest, step, kBigElements)) << path;
    EXPECT_GT(step, lastStep);
    lastStep = step;
    std::vector<CheckpointEntry> entries;
    ASSERT_TRUE(directory.list(entries).ok());
    for (const CheckpointEntry &entry : entries) {
      Checkpoint older;
      Status status = readCheckpoint(entry.path, older);
      EXPECT_TRUE(status.ok()) << status.message();
    }
  }
  std::printf("%zu of %d kills left a temporary file behind\n", killsMidWrite,
              kKills);
  EXPECT_GT(killsMidWrite, 0u) << "no kill interrupted a write";

  // The next save clears what the killed writers left.
  CheckpointDirectory directory(dir.path(), kKeep);
  ASSERT_TRUE(directory.save(sampleCheckpoint(lastStep + 1)).ok());
  EXPECT_EQ(countTemporaries(dir.path()), 0u);
}

} // namespace
} // namespace dfp::runtime
