#ifndef DFP_TRAIN_EXITCODE_H
#define DFP_TRAIN_EXITCODE_H

#include <string>

namespace dfp::train {

/// dfp-train's exit status; usage() documents each value.
enum class ExitCode : int {
  Ok = 0,
  Failure = 1,       ///< the model did not compile, a step failed, ...
  Usage = 2,         ///< bad command line
  Data = 3,          ///< data set missing or corrupt
  Checkpoint = 4,    ///< checkpoint missing, corrupt or unusable
  Output = 5,        ///< run directory or its files cannot be written
  Interrupted = 130, ///< SIGINT/SIGTERM: stopped after a checkpoint
};

/// What went wrong and the exit code it maps to; an empty message is success.
struct Outcome {
  ExitCode code = ExitCode::Ok;
  std::string message;

  static Outcome ok() { return {}; }
  static Outcome fail(ExitCode code, std::string message) {
    return {code, std::move(message)};
  }
  bool failed() const { return code != ExitCode::Ok; }
};

} // namespace dfp::train

#endif // DFP_TRAIN_EXITCODE_H
