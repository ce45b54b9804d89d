#include "SessionSetup.h"

#include "OnnxImport.h"

#include <fstream>
#include <iterator>

namespace dfp::train {

runtime::SessionOptions sessionOptions(const RunSettings &settings, int threads,
                                       bool profile) {
  runtime::SessionOptions session;
  session.precision = settings.precision == "fp32" ? runtime::Precision::Fp32
                                                   : runtime::Precision::Dfp16;
  session.batch = settings.batch;
  session.threads = threads;
  session.seed = settings.seed;
  session.gradientRounding = settings.rounding;
  session.magnitudeBits = settings.magnitudeBits;
  session.momentum = float(settings.momentum);
  session.weightDecay = float(settings.weightDecay);
  session.profile = profile;
  return session;
}

namespace {
std::string describeInput(const std::vector<int64_t> &shape) {
  std::string text;
  for (size_t i = 1; i < shape.size(); ++i)
    text += (i > 1 ? "x" : "") + std::to_string(shape[i]);
  return text.empty() ? "scalar" : text;
}
} // namespace

Status readModelText(const RunSettings &settings, std::string &text) {
  if (settings.modelPath.empty()) {
    text = runtime::Session::defaultModelText();
    return Status::success();
  }
  const std::string &path = settings.modelPath;
  if (path.size() > 5 && path.compare(path.size() - 5, 5, ".onnx") == 0)
    return importOnnxModelText(path, settings.batch, text);
  std::ifstream in(settings.modelPath, std::ios::binary);
  if (!in)
    return Status::error(settings.modelPath + ": cannot read the model");
  text.assign(std::istreambuf_iterator<char>(in),
              std::istreambuf_iterator<char>());
  return Status::success();
}

Outcome createTrainingSession(const RunSettings &settings, int threads,
                              bool profile, const runtime::ImageDataset &data,
                              std::unique_ptr<runtime::Session> &out) {
  runtime::SessionOptions options = sessionOptions(settings, threads, profile);
  std::string model =
      settings.modelPath.empty() ? "fmnist_cnn" : settings.modelPath;
  std::string text;
  if (Status s = readModelText(settings, text); !s)
    return Outcome::fail(ExitCode::Failure, s.message());
  Status status = runtime::Session::create(text, options, out);
  if (!status)
    return Outcome::fail(ExitCode::Failure, model + ": " + status.message());
  const std::vector<int64_t> &shape = out->inputShape();
  std::vector<int64_t> expected = {settings.batch, data.channels, data.height,
                                   data.width};
  // Labels must be below the classes; a .pb data set need not use them all.
  if (shape != expected || out->classes() < data.numClasses)
    return Outcome::fail(
        ExitCode::Failure,
        model + ": takes images of " + describeInput(shape) + " in " +
            std::to_string(out->classes()) + " classes; the data has " +
            describeInput(expected) + " in " + std::to_string(data.numClasses));
  return Outcome::ok();
}

} // namespace dfp::train
