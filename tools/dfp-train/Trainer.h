#ifndef DFP_TRAIN_TRAINER_H
#define DFP_TRAIN_TRAINER_H

#include "ExitCode.h"
#include "Options.h"

#include <ostream>

namespace dfp::train {

/// Where the trainer talks: the progress bar, the tables and notes go to
/// `out` (redrawn in place when `terminal`), warnings to `err`.
struct Console {
  std::ostream &out;
  std::ostream &err;
  bool terminal = false;
};

/// Runs (or resumes) the training run `options` describe, writing its run
/// directory; the outcome maps to dfp-train's exit code.
Outcome runTraining(const Options &options, Console console);

/// Asks a running train() to stop after the current step with a checkpoint
/// (from a signal handler: only sets a flag).
void requestStop();

} // namespace dfp::train

#endif // DFP_TRAIN_TRAINER_H
