#ifndef DFP_RUNTIME_CHECKPOINTDIRECTORY_H
#define DFP_RUNTIME_CHECKPOINTDIRECTORY_H

#include "dfp/reference/Status.h"
#include "dfp/runtime/Checkpoint.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dfp::runtime {

struct CheckpointEntry {
  uint64_t step = 0;
  std::string path;
};

/// A directory of checkpoints named "checkpoint-<step>.dfpckpt", of which the
/// `keep` most recent are kept (0 keeps all).
class CheckpointDirectory {
public:
  explicit CheckpointDirectory(std::string dir, unsigned keep = 3)
      : dir_(std::move(dir)), keep_(keep) {}

  /// Writes `checkpoint` atomically under its metadata step (creating the
  /// directory if needed), then deletes older checkpoints beyond `keep` and
  /// temporary files of killed writers.
  Status save(const Checkpoint &checkpoint, std::string *savedPath = nullptr);

  /// Complete checkpoints, oldest step first. Temporary files never appear.
  Status list(std::vector<CheckpointEntry> &entries) const;

  /// Loads the checkpoint with the highest step; fails if there is none.
  Status loadLatest(Checkpoint &out, std::string *loadedPath = nullptr) const;

  std::string pathForStep(uint64_t step) const;
  const std::string &dir() const { return dir_; }

private:
  Status prune() const;

  std::string dir_;
  unsigned keep_;
};

} // namespace dfp::runtime

#endif // DFP_RUNTIME_CHECKPOINTDIRECTORY_H
