#ifndef DFP_TRAIN_OPTIONS_H
#define DFP_TRAIN_OPTIONS_H

#include "dfp/reference/Status.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace dfp::train {

/// What one training run computes: everything a checkpoint stores so that
/// --resume continues the same run. Changing any of these changes the result.
struct RunSettings {
  std::string precision = "dfp16"; ///< dfp16 | fp32
  int64_t epochs = 3;
  int64_t batch = 128;
  double learningRate = 0.05; ///< peak of the cosine schedule
  double momentum = 0.9;
  double weightDecay = 5e-4;
  uint64_t seed = 1;
  std::string rounding = "stochastic"; ///< rounding of the gradients (DFP16)
  int magnitudeBits = 0;               ///< 0: the compiler's default
  int64_t limitTrain = 0;              ///< 0: the whole training set
  int64_t limitTest = 0;               ///< 0: the whole test set
  std::string modelPath;               ///< empty: the built-in fmnist_cnn
  std::string dataDir;                 ///< empty: defaultFashionMnistDir()

  bool operator==(const RunSettings &other) const;
};

/// How this process runs it: free to differ between a run and its resumption.
struct Options {
  RunSettings run;
  bool help = false;
  int threads = 0; ///< 0: all hardware threads
  std::string runDir;
  std::string resumeDir;
  std::string compareDir;
  std::string exportPath;
  std::string dumpStatePath;     ///< (tests) the final Session::state()
  int64_t nanAtStep = 0;         ///< (tests) a NaN pixel in the batch of step N
  int64_t stopAfterSteps = 0;    ///< 0: train to the end
  int64_t checkpointEvery = 100; ///< steps; 0: only at epoch ends
  int keepCheckpoints = 3;
  bool profile = false;
  bool evaluateOnly = false; ///< --evaluate: test-set loss and accuracy only
  /// The --names given on the command line (without "--"), so that --resume
  /// can reject settings that would contradict the checkpoint's.
  std::set<std::string> given;
};

/// Parses argv. Errors name the option and the accepted values.
Status parseOptions(int argc, char **argv, Options &options);

/// With --resume only the options that do not change the result may be
/// given; this names the first one that does.
Status checkResumeOptions(const Options &options);

/// RunSettings as checkpoint strings ("run.<name>" -> value) and back.
/// Values are written exactly (doubles as hexadecimal floating point).
void storeRunSettings(const RunSettings &settings,
                      std::map<std::string, std::string> &strings);
Status loadRunSettings(const std::map<std::string, std::string> &strings,
                       RunSettings &settings);

/// The learning-rate schedule, stated in --help and in summary.json.
std::string describeSchedule(const RunSettings &settings);

const char *usage();

} // namespace dfp::train

#endif // DFP_TRAIN_OPTIONS_H
