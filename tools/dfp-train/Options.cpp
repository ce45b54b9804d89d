#include "Options.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

namespace dfp::train {

const char *usage() {
  return R"(USAGE: dfp-train [options]

Trains a CNN on Fashion-MNIST (Debian package dataset-fashion-mnist, or the
directory in $DFP_FASHION_MNIST_DIR) and reports its test accuracy. With no
options: the built-in model fmnist_cnn (five 3x3 convolutions with batch norm
and ReLU, two max pools, global average pooling, linear 128->10) in DFP16 for
3 epochs, batch 128, SGD with momentum 0.9 and weight decay 5e-4, learning
rate 0.05 with cosine decay per step (lr(s) = 0.05 * (1 + cos(pi * s / S)) / 2
for step s of S), seed 1, on all cores. Each epoch visits the training set in
an order shuffled from the seed and drops its incomplete last batch.

Shows a progress bar (one line every ~10% when stdout is not a terminal) and
a table per epoch, and writes a run directory:
  metrics.csv    one row per step: step, epoch, loss, lr, images_per_s, ...
  epochs.csv     one row per epoch: train loss, test loss and accuracy, ...
  summary.json   precision, epochs, test_accuracy, final_train_loss,
                 train_seconds, images_per_s, skipped_steps, ...
  plot.svg       loss and test accuracy, overlaid with the latest run of the
                 other precision found next to it (or --compare DIR)
  checkpoints/   at each epoch end and every --checkpoint-every steps
The same seed gives bit-identical weights, resumed or not; for DFP16 also on
any number of threads.

OPTIONS (defaults in brackets):
  --precision P          dfp16 or fp32 [dfp16]; fp32 runs the same graph with
                         the contractions on oneDNN.
  --epochs N             Epochs to train [3].
  --batch N              Images per step [128].
  --lr X                 Peak learning rate of the cosine schedule [0.05].
  --momentum X           SGD momentum [0.9].
  --weight-decay X       L2 weight decay [5e-4].
  --seed N               Seed of the initial weights, the data order and
                         stochastic rounding [1].
  --threads N            Threads, 0 for all cores [0].
  --rounding MODE        Rounding of the DFP16 gradients fed to the
                         backward contractions: stochastic, nearest_even,
                         biased (half up) or truncate [stochastic].
  --mag-bits N           Magnitude bits of the DFP16 operands, 0 for the
                         compiler's choice [0].
  --data-dir DIR         Fashion-MNIST directory [$DFP_FASHION_MNIST_DIR or
                         /usr/share/datasets/fashion-mnist], or a directory
                         of ONNX TensorProto files train_images.pb,
                         train_labels.pb, test_images.pb, test_labels.pb
                         (float images [N,C,H,W] used as they are, integer
                         labels [N]).
  --limit-train N        Train on the first N training images only [all].
  --limit-test N         Evaluate on the first N test images only [all].
  --model FILE           Train another classifier: FILE.onnx (its
                         initializers are the starting weights; the loss is
                         appended to its logits) or the forward function of
                         an MLIR module (FILE.mlir, as examples/fmnist_cnn.mlir).
                         Its input must be 1x28x28, its output 10 logits.
  --evaluate             Train nothing: print the test loss and accuracy of
                         the starting weights (of --model FILE.onnx) or of
                         the run in --resume DIR, and exit.
  --export FILE.onnx     At the end, write the model with its trained weights
                         and batch-norm statistics as ONNX (opset 13).
  --run-dir DIR          Run directory [runs/<precision>-<timestamp>].
  --resume DIR           Continue the run in DIR from its latest checkpoint,
                         with the settings stored there (only --threads,
                         --stop-after-steps, --checkpoint-every,
                         --keep-checkpoints, --compare and --profile may be
                         given).
  --compare DIR          Overlay the run in DIR in plot.svg.
  --checkpoint-every N   Also checkpoint every N steps, 0 for epoch ends
                         only [100].
  --keep-checkpoints N   Keep the N latest checkpoints, 0 for all [3].
  --stop-after-steps N   Stop (with a checkpoint) once N steps are done in
                         total; --resume continues.
  --profile              Print where the time went, per op, at the end.
  --help                 Show this help.

FOR TESTS:
  --dump-state FILE      Write the final parameters, momenta and states as a
                         checkpoint file without metadata (equal runs give
                         equal bytes).
  --nan-at-step N        Put a NaN into the batch of step N (1-based): the
                         step must be skipped and reported.

EXIT CODES:
  0    trained (or stopped by --stop-after-steps)
  1    the model did not compile or a step failed
  2    bad command line
  3    data set missing or corrupt
  4    checkpoint missing, corrupt, not resumable or not writable
  5    run directory or its files cannot be written
  130  interrupted (SIGINT/SIGTERM) after writing a checkpoint; a second
       signal kills at once
)";
}

std::string describeSchedule(const RunSettings &settings) {
  char text[160];
  std::snprintf(text, sizeof text,
                "cosine per step: lr(s) = %g * (1 + cos(pi * s / S)) / 2, "
                "S = steps of %lld epoch%s",
                settings.learningRate, (long long)settings.epochs,
                settings.epochs == 1 ? "" : "s");
  return text;
}

namespace {

std::string formatExact(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%a", value);
  return text;
}

Status parseInteger(const std::string &name, const std::string &text,
                    int64_t low, int64_t high, int64_t &out) {
  errno = 0;
  char *end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || value < low ||
      value > high)
    return Status::error("--" + name + " expects an integer from " +
                         std::to_string(low) + " to " + std::to_string(high) +
                         ", got '" + text + "'");
  out = value;
  return Status::success();
}

Status parseUnsigned(const std::string &name, const std::string &text,
                     uint64_t &out) {
  errno = 0;
  char *end = nullptr;
  unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || *end != '\0' || errno == ERANGE)
    return Status::error("--" + name +
                         " expects an integer from 0 to 2^64-1, got '" + text +
                         "'");
  out = value;
  return Status::success();
}

/// `low <= value < high` (or `<= high` when `highInclusive`).
Status parseReal(const std::string &name, const std::string &text, double low,
                 double high, bool highInclusive, double &out) {
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  bool inRange = value >= low && (highInclusive ? value <= high : value < high);
  if (text.empty() || *end != '\0' || !std::isfinite(value) || !inRange) {
    char range[96];
    std::snprintf(range, sizeof range, "[%g, %g%c", low, high,
                  highInclusive ? ']' : ')');
    return Status::error("--" + name + " expects a number in " + range +
                         ", got '" + text + "'");
  }
  out = value;
  return Status::success();
}

Status parseChoice(const std::string &name, const std::string &text,
                   const std::vector<std::string> &choices, std::string &out) {
  for (const std::string &choice : choices)
    if (text == choice) {
      out = text;
      return Status::success();
    }
  std::string list;
  for (const std::string &choice : choices)
    list += (list.empty() ? "" : ", ") + choice;
  return Status::error("--" + name + " expects one of " + list + ", got '" +
                       text + "'");
}

Status parsePath(const std::string &name, const std::string &text,
                 std::string &out) {
  if (text.empty())
    return Status::error("--" + name + " needs a non-empty path");
  out = text;
  return Status::success();
}

/// One field of RunSettings: its option name, how to parse a value into it
/// and how to print it back exactly.
struct SettingField {
  const char *name;
  std::function<Status(const std::string &, RunSettings &)> parse;
  std::function<std::string(const RunSettings &)> print;
};

Status setInteger(const char *name, const std::string &text, int64_t low,
                  int64_t high, int64_t &field) {
  return parseInteger(name, text, low, high, field);
}

const std::vector<SettingField> &settingFields() {
  using S = RunSettings;
  static const std::vector<SettingField> fields = {
      {"precision",
       [](const std::string &t, S &s) {
         return parseChoice("precision", t, {"dfp16", "fp32"}, s.precision);
       },
       [](const S &s) { return s.precision; }},
      {"epochs",
       [](const std::string &t, S &s) {
         return setInteger("epochs", t, 1, 1000, s.epochs);
       },
       [](const S &s) { return std::to_string(s.epochs); }},
      {"batch",
       [](const std::string &t, S &s) {
         return setInteger("batch", t, 1, 65536, s.batch);
       },
       [](const S &s) { return std::to_string(s.batch); }},
      {"lr",
       [](const std::string &t, S &s) {
         return parseReal("lr", t, 1e-12, 100, true, s.learningRate);
       },
       [](const S &s) { return formatExact(s.learningRate); }},
      {"momentum",
       [](const std::string &t, S &s) {
         return parseReal("momentum", t, 0, 1, false, s.momentum);
       },
       [](const S &s) { return formatExact(s.momentum); }},
      {"weight-decay",
       [](const std::string &t, S &s) {
         return parseReal("weight-decay", t, 0, 1, true, s.weightDecay);
       },
       [](const S &s) { return formatExact(s.weightDecay); }},
      {"seed",
       [](const std::string &t, S &s) {
         return parseUnsigned("seed", t, s.seed);
       },
       [](const S &s) { return std::to_string(s.seed); }},
      {"rounding",
       [](const std::string &t, S &s) {
         return parseChoice(
             "rounding", t,
             {"stochastic", "nearest_even", "biased", "truncate"}, s.rounding);
       },
       [](const S &s) { return s.rounding; }},
      {"mag-bits",
       [](const std::string &t, S &s) {
         int64_t bits = 0;
         Status status = setInteger("mag-bits", t, 0, 15, bits);
         s.magnitudeBits = int(bits);
         return status;
       },
       [](const S &s) { return std::to_string(s.magnitudeBits); }},
      {"limit-train",
       [](const std::string &t, S &s) {
         return setInteger("limit-train", t, 1, INT32_MAX, s.limitTrain);
       },
       [](const S &s) { return std::to_string(s.limitTrain); }},
      {"limit-test",
       [](const std::string &t, S &s) {
         return setInteger("limit-test", t, 1, INT32_MAX, s.limitTest);
       },
       [](const S &s) { return std::to_string(s.limitTest); }},
      {"model",
       [](const std::string &t, S &s) {
         return parsePath("model", t, s.modelPath);
       },
       [](const S &s) { return s.modelPath; }},
      {"data-dir",
       [](const std::string &t, S &s) {
         return parsePath("data-dir", t, s.dataDir);
       },
       [](const S &s) { return s.dataDir; }},
  };
  return fields;
}

/// An option of the process (not stored in checkpoints).
struct ProcessField {
  const char *name;
  bool takesValue;
  std::function<Status(const std::string &, Options &)> parse;
  bool allowedWithResume;
};

Status setInt(const char *name, const std::string &text, int64_t low,
              int64_t high, int &field) {
  int64_t value = 0;
  Status status = parseInteger(name, text, low, high, value);
  field = int(value);
  return status;
}

const std::vector<ProcessField> &processFields() {
  using O = Options;
  static const std::vector<ProcessField> fields = {
      {"help", false,
       [](const std::string &, O &o) {
         o.help = true;
         return Status::success();
       },
       true},
      {"profile", false,
       [](const std::string &, O &o) {
         o.profile = true;
         return Status::success();
       },
       true},
      {"evaluate", false,
       [](const std::string &, O &o) {
         o.evaluateOnly = true;
         return Status::success();
       },
       true},
      {"threads", true,
       [](const std::string &t, O &o) {
         return setInt("threads", t, 0, 1024, o.threads);
       },
       true},
      {"stop-after-steps", true,
       [](const std::string &t, O &o) {
         return parseInteger("stop-after-steps", t, 1, INT64_MAX / 2,
                             o.stopAfterSteps);
       },
       true},
      {"checkpoint-every", true,
       [](const std::string &t, O &o) {
         return parseInteger("checkpoint-every", t, 0, INT64_MAX / 2,
                             o.checkpointEvery);
       },
       true},
      {"keep-checkpoints", true,
       [](const std::string &t, O &o) {
         return setInt("keep-checkpoints", t, 0, 1000000, o.keepCheckpoints);
       },
       true},
      {"compare", true,
       [](const std::string &t, O &o) {
         return parsePath("compare", t, o.compareDir);
       },
       true},
      {"dump-state", true,
       [](const std::string &t, O &o) {
         return parsePath("dump-state", t, o.dumpStatePath);
       },
       true},
      {"nan-at-step", true,
       [](const std::string &t, O &o) {
         return parseInteger("nan-at-step", t, 1, INT64_MAX / 2, o.nanAtStep);
       },
       true},
      {"run-dir", true,
       [](const std::string &t, O &o) {
         return parsePath("run-dir", t, o.runDir);
       },
       false},
      {"resume", true,
       [](const std::string &t, O &o) {
         return parsePath("resume", t, o.resumeDir);
       },
       true},
      {"export", true,
       [](const std::string &t, O &o) {
         return parsePath("export", t, o.exportPath);
       },
       true},
  };
  return fields;
}

/// Splits "--name=value" / "--name value" at argv[index]; advances `index`
/// past a separate value.
Status takeValue(int argc, char **argv, int &index, const std::string &name,
                 const std::string &inlineValue, bool hasInline,
                 std::string &value) {
  if (hasInline) {
    value = inlineValue;
    return Status::success();
  }
  if (index + 1 >= argc)
    return Status::error("--" + name + " needs a value");
  value = argv[++index];
  return Status::success();
}

} // namespace

bool RunSettings::operator==(const RunSettings &other) const {
  for (const SettingField &field : settingFields())
    if (field.print(*this) != field.print(other))
      return false;
  return true;
}

Status parseOptions(int argc, char **argv, Options &options) {
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    if (argument == "-h")
      argument = "--help";
    if (argument.compare(0, 2, "--") != 0 || argument.size() == 2)
      return Status::error("unexpected argument '" + argument +
                           "' (see dfp-train --help)");
    std::string name = argument.substr(2), inlineValue;
    size_t equals = name.find('=');
    bool hasInline = equals != std::string::npos;
    if (hasInline) {
      inlineValue = name.substr(equals + 1);
      name = name.substr(0, equals);
    }
    if (options.given.count(name))
      return Status::error("--" + name + " is given twice");
    bool known = false;
    for (const SettingField &field : settingFields()) {
      if (name != field.name)
        continue;
      std::string value;
      if (Status s =
              takeValue(argc, argv, i, name, inlineValue, hasInline, value);
          !s)
        return s;
      if (Status s = field.parse(value, options.run); !s)
        return s;
      known = true;
    }
    for (const ProcessField &field : processFields()) {
      if (name != field.name)
        continue;
      std::string value;
      if (!field.takesValue && hasInline)
        return Status::error("--" + name + " takes no value");
      if (field.takesValue) {
        if (Status s =
                takeValue(argc, argv, i, name, inlineValue, hasInline, value);
            !s)
          return s;
      }
      if (Status s = field.parse(value, options); !s)
        return s;
      known = true;
    }
    if (!known)
      return Status::error("unknown option '--" + name +
                           "' (see dfp-train --help)");
    options.given.insert(name);
  }
  return Status::success();
}

Status checkResumeOptions(const Options &options) {
  if (options.resumeDir.empty())
    return Status::success();
  for (const std::string &name : options.given) {
    bool allowed = false;
    for (const ProcessField &field : processFields())
      if (name == field.name)
        allowed = field.allowedWithResume;
    if (!allowed)
      return Status::error("--" + name +
                           " cannot be combined with --resume: a resumed run "
                           "keeps the settings stored in its checkpoint");
  }
  return Status::success();
}

void storeRunSettings(const RunSettings &settings,
                      std::map<std::string, std::string> &strings) {
  for (const SettingField &field : settingFields())
    strings[std::string("run.") + field.name] = field.print(settings);
}

Status loadRunSettings(const std::map<std::string, std::string> &strings,
                       RunSettings &settings) {
  RunSettings loaded;
  for (const SettingField &field : settingFields()) {
    auto it = strings.find(std::string("run.") + field.name);
    if (it == strings.end())
      return Status::error(std::string("the checkpoint lacks the setting '") +
                           field.name + "'");
    // Unset paths and limits are stored as "" and "0".
    if (it->second.empty() || it->second == "0") {
      if (field.print(loaded) == it->second)
        continue;
    }
    if (Status s = field.parse(it->second, loaded); !s)
      return Status::error("the checkpoint's setting is invalid: " +
                           s.message());
  }
  settings = loaded;
  return Status::success();
}

} // namespace dfp::train
