#include "dfp/runtime/CheckpointDirectory.h"

#include "dfp/runtime/AtomicFile.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace dfp::runtime {
namespace {

constexpr const char *kPrefix = "checkpoint-";
constexpr const char *kSuffix = ".dfpckpt";

/// Parses "checkpoint-<digits>.dfpckpt"; anything else (temporary files
/// included) is not a checkpoint.
bool parseCheckpointName(const std::string &name, uint64_t &step) {
  const std::string prefix = kPrefix, suffix = kSuffix;
  if (name.size() <= prefix.size() + suffix.size() ||
      name.compare(0, prefix.size(), prefix) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  std::string digits =
      name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  if (digits.size() > 19 ||
      !std::all_of(digits.begin(), digits.end(),
                   [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  step = std::stoull(digits);
  return true;
}

} // namespace

std::string CheckpointDirectory::pathForStep(uint64_t step) const {
  char name[64];
  std::snprintf(name, sizeof(name), "%s%012llu%s", kPrefix,
                static_cast<unsigned long long>(step), kSuffix);
  return (std::filesystem::path(dir_) / name).string();
}

Status CheckpointDirectory::list(std::vector<CheckpointEntry> &entries) const {
  entries.clear();
  std::error_code error;
  std::filesystem::directory_iterator it(dir_, error);
  for (; !error && it != std::filesystem::directory_iterator();
       it.increment(error)) {
    uint64_t step = 0;
    if (parseCheckpointName(it->path().filename().string(), step))
      entries.push_back({step, it->path().string()});
  }
  if (error)
    return Status::error(dir_ +
                         ": cannot list checkpoints: " + error.message());
  std::sort(entries.begin(), entries.end(),
            [](const CheckpointEntry &a, const CheckpointEntry &b) {
              return a.step < b.step;
            });
  return Status::success();
}

Status CheckpointDirectory::save(const Checkpoint &checkpoint,
                                 std::string *savedPath) {
  std::error_code error;
  std::filesystem::create_directories(dir_, error);
  if (error)
    return Status::error(
        dir_ + ": cannot create checkpoint directory: " + error.message());
  std::string path = pathForStep(checkpoint.metadata.step);
  if (Status s = writeCheckpoint(path, checkpoint); !s.ok())
    return s;
  if (savedPath)
    *savedPath = path;
  if (Status s = removeStaleTemporaryFiles(dir_); !s.ok())
    return s;
  return prune();
}

Status CheckpointDirectory::prune() const {
  if (keep_ == 0)
    return Status::success();
  std::vector<CheckpointEntry> entries;
  if (Status s = list(entries); !s.ok())
    return s;
  for (size_t i = 0; i + keep_ < entries.size(); ++i) {
    std::error_code error;
    std::filesystem::remove(entries[i].path, error);
    if (error)
      return Status::error(
          entries[i].path +
          ": cannot remove old checkpoint: " + error.message());
  }
  return Status::success();
}

Status CheckpointDirectory::loadLatest(Checkpoint &out,
                                       std::string *loadedPath) const {
  std::vector<CheckpointEntry> entries;
  if (Status s = list(entries); !s.ok())
    return s;
  if (entries.empty())
    return Status::error(dir_ + ": no checkpoint found");
  const std::string &path = entries.back().path;
  if (Status s = readCheckpoint(path, out); !s.ok())
    return s;
  if (loadedPath)
    *loadedPath = path;
  return Status::success();
}

} // namespace dfp::runtime
