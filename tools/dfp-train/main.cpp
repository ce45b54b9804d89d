#include "ExitCode.h"
#include "OpenMpWaitPolicy.h"
#include "Options.h"
#include "Trainer.h"

#include <csignal>
#include <iostream>
#include <unistd.h>

using namespace dfp;
using namespace dfp::train;

namespace {

int exitWith(const Outcome &outcome) {
  if (outcome.failed())
    std::cerr << "dfp-train: error: " << outcome.message << "\n";
  return int(outcome.code);
}

bool endsWith(const std::string &text, const std::string &suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// A --model that is neither .mlir nor .onnx (Usage).
Outcome checkSupported(const Options &options) {
  const std::string &model = options.run.modelPath;
  if (model.empty() || endsWith(model, ".mlir") || endsWith(model, ".onnx"))
    return Outcome::ok();
  return Outcome::fail(ExitCode::Usage,
                       "--model " + model + ": expected a .mlir or .onnx file");
}

/// The first SIGINT/SIGTERM stops after the step in flight; a second one
/// kills at once (the default action).
void onStopSignal(int signal) {
  requestStop();
  std::signal(signal, SIG_DFL);
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  if (Status s = parseOptions(argc, argv, options); !s)
    return exitWith(Outcome::fail(ExitCode::Usage, s.message()));
  if (options.help) {
    std::cout << usage();
    return 0;
  }
  if (Status s = checkResumeOptions(options); !s)
    return exitWith(Outcome::fail(ExitCode::Usage, s.message()));
  if (Outcome o = checkSupported(options); o.failed())
    return exitWith(o);
  // Before oneDNN's libgomp loads its settings (the FP32 contractions).
  if (Status s = tools::makeOpenMpWaitPassive(argv); !s)
    return exitWith(Outcome::fail(ExitCode::Failure, s.message()));

  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);
  Console console{std::cout, std::cerr, isatty(STDOUT_FILENO) != 0};
  return exitWith(runTraining(options, console));
}
