#include "dfp/runtime/Session.h"

#include "Executor.h"
#include "OpProfile.h"
#include "ParameterInit.h"
#include "TrainingModule.h"

#include "dfp/jit/AlignedAllocator.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>

namespace dfp::runtime {

using session::Executor;
using session::OpProfile;

namespace {

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text + "]";
}

std::vector<int64_t> shapeOf(mlir::Type type) {
  auto shaped = llvm::cast<mlir::ShapedType>(type);
  return std::vector<int64_t>(shaped.getShape().begin(),
                              shaped.getShape().end());
}

int64_t elementsOf(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// A tensor the session owns across steps (parameter, momentum, state).
struct OwnedTensor {
  std::string name;
  std::vector<int64_t> shape;
  jit::AlignedVector<float> data;
};

int64_t argmax(const float *row, int64_t classes) {
  int64_t best = 0;
  for (int64_t j = 1; j < classes; ++j)
    if (row[j] > row[best])
      best = j;
  return best;
}

} // namespace

void session::OpProfile::clear() { kinds_.clear(); }

std::vector<OpProfileEntry> session::OpProfile::entries() const {
  std::vector<OpProfileEntry> out;
  for (const auto &[name, kind] : kinds_)
    out.push_back({name, kind.seconds, kind.calls});
  std::sort(out.begin(), out.end(),
            [](const OpProfileEntry &a, const OpProfileEntry &b) {
              return a.seconds > b.seconds;
            });
  return out;
}

class Session::Impl {
public:
  SessionOptions options;
  session::TrainingModule module;
  std::vector<int64_t> inputShape;
  int64_t classes = 0;

  /// Parameters and states in forward argument order, momenta per
  /// parameter.
  std::vector<OwnedTensor> params, momenta, states;

  jit::AlignedVector<float> images;
  std::vector<int32_t> labels;
  float lr = 0;
  int32_t step = 0;
  uint64_t steps = 0;

  std::unique_ptr<Executor> train, eval;
  /// train_step results: new params, momenta, states (same order as ours).
  std::vector<size_t> paramResults, momentumResults, stateResults;
  OpProfile profile;

  Status build(const std::string &text);
  Status bindTrainStep(mlir::func::FuncOp trainStep, int threads);
  Status bindForward(mlir::func::FuncOp forward, int threads);
  Status checkLabels(const int32_t *labelData, int64_t count) const;
};

Status Session::Impl::checkLabels(const int32_t *labelData,
                                  int64_t count) const {
  for (int64_t i = 0; i < count; ++i)
    if (labelData[i] < 0 || labelData[i] >= classes)
      return Status::error("session: label " + std::to_string(labelData[i]) +
                           " of image " + std::to_string(i) +
                           " is outside [0, " + std::to_string(classes) + ")");
  return Status::success();
}

Status Session::Impl::build(const std::string &text) {
  if (Status status = session::buildTrainingModule(text, options, module);
      !status)
    return status;
  auto forward = module.module->lookupSymbol<mlir::func::FuncOp>("forward");
  auto trainStep =
      module.module->lookupSymbol<mlir::func::FuncOp>("train_step");
  if (!forward || !trainStep)
    return Status::error("session: the pipeline gave no @forward/@train_step");
  inputShape = shapeOf(forward.getArgument(0).getType());
  const std::vector<int64_t> logits =
      shapeOf(forward.getFunctionType().getResult(0));
  classes = logits.back();

  uint64_t random = options.seed;
  for (unsigned i = 1; i < forward.getNumArguments(); ++i) {
    OwnedTensor tensor;
    tensor.shape = shapeOf(forward.getArgument(i).getType());
    bool isParam = true;
    if (auto name = forward.getArgAttrOfType<mlir::StringAttr>(i, "dfp.param"))
      tensor.name = name.str();
    else if (auto state =
                 forward.getArgAttrOfType<mlir::StringAttr>(i, "dfp.state")) {
      tensor.name = state.str();
      isParam = false;
    }
    std::vector<float> values;
    if (Status status = session::initialValue(forward, i, random, values);
        !status)
      return Status::error("session: " + status.message());
    tensor.data.assign(values.begin(), values.end());
    if (isParam) {
      OwnedTensor momentum;
      momentum.name = tensor.name + ".momentum";
      momentum.shape = tensor.shape;
      momentum.data.assign(tensor.data.size(), 0.0f);
      params.push_back(std::move(tensor));
      momenta.push_back(std::move(momentum));
    } else {
      states.push_back(std::move(tensor));
    }
  }
  images.assign(size_t(elementsOf(inputShape)), 0.0f);
  labels.assign(size_t(inputShape[0]), 0);

  const int threads =
      options.threads > 0
          ? options.threads
          : int(std::max(1u, std::thread::hardware_concurrency()));
  if (Status status = bindTrainStep(trainStep, threads); !status)
    return status;
  return bindForward(forward, threads);
}

Status Session::Impl::bindTrainStep(mlir::func::FuncOp trainStep, int threads) {
  auto byName = [](std::vector<OwnedTensor> &list,
                   const std::string &name) -> OwnedTensor * {
    for (OwnedTensor &t : list)
      if (t.name == name)
        return &t;
    return nullptr;
  };
  std::vector<void *> arguments;
  for (unsigned i = 0; i < trainStep.getNumArguments(); ++i) {
    auto named = [&](llvm::StringRef attr) {
      auto s = trainStep.getArgAttrOfType<mlir::StringAttr>(i, attr);
      return s ? s.str() : std::string();
    };
    OwnedTensor *tensor = nullptr;
    if (i == 0) {
      arguments.push_back(images.data());
      continue;
    }
    if (trainStep.getArgAttr(i, "dfp.labels")) {
      auto type =
          llvm::cast<mlir::ShapedType>(trainStep.getArgument(i).getType());
      if (!type.getElementType().isInteger(32))
        return Status::error("session: @train_step labels must be i32");
      arguments.push_back(labels.data());
      continue;
    }
    if (trainStep.getArgAttr(i, "dfp.lr")) {
      arguments.push_back(&lr);
      continue;
    }
    if (trainStep.getArgAttr(i, "dfp.step")) {
      arguments.push_back(&step);
      continue;
    }
    if (std::string n = named("dfp.param"); !n.empty())
      tensor = byName(params, n);
    else if (std::string m = named("dfp.momentum"); !m.empty())
      tensor = byName(momenta, m + ".momentum");
    else if (std::string s = named("dfp.state"); !s.empty())
      tensor = byName(states, s);
    if (!tensor)
      return Status::error("session: @train_step argument " +
                           std::to_string(i) + " has no known role");
    arguments.push_back(tensor->data.data());
  }
  session::ExecutorOptions executorOptions;
  executorOptions.threads = threads;
  executorOptions.profile = options.profile ? &profile : nullptr;
  if (Status status =
          Executor::compile(trainStep, arguments, executorOptions, train);
      !status)
    return status;

  paramResults.assign(params.size(), SIZE_MAX);
  momentumResults.assign(momenta.size(), SIZE_MAX);
  stateResults.assign(states.size(), SIZE_MAX);
  for (unsigned r = 0; r < trainStep.getNumResults(); ++r) {
    auto named = [&](llvm::StringRef attr) {
      auto s = trainStep.getResultAttrOfType<mlir::StringAttr>(r, attr);
      return s ? s.str() : std::string();
    };
    auto place = [&](std::vector<OwnedTensor> &list, std::vector<size_t> &to,
                     const std::string &name) {
      for (size_t k = 0; k < list.size(); ++k)
        if (list[k].name == name)
          to[k] = r;
    };
    if (std::string n = named("dfp.param"); !n.empty())
      place(params, paramResults, n);
    else if (std::string m = named("dfp.momentum"); !m.empty())
      place(momenta, momentumResults, m + ".momentum");
    else if (std::string s = named("dfp.state"); !s.empty())
      place(states, stateResults, s);
  }
  for (const auto *list : {&paramResults, &momentumResults, &stateResults})
    if (std::count(list->begin(), list->end(), SIZE_MAX))
      return Status::error("session: @train_step does not return every "
                           "parameter, momentum and state");
  return Status::success();
}

Status Session::Impl::bindForward(mlir::func::FuncOp forward, int threads) {
  std::vector<void *> arguments = {images.data()};
  size_t p = 0, s = 0;
  for (unsigned i = 1; i < forward.getNumArguments(); ++i)
    arguments.push_back(forward.getArgAttr(i, "dfp.param")
                            ? params[p++].data.data()
                            : states[s++].data.data());
  session::ExecutorOptions executorOptions;
  executorOptions.threads = threads;
  executorOptions.profile = options.profile ? &profile : nullptr;
  return Executor::compile(forward, arguments, executorOptions, eval);
}

Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;

Status Session::create(const std::string &forwardModuleText,
                       const SessionOptions &options,
                       std::unique_ptr<Session> &out) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (Status status = impl->build(forwardModuleText); !status)
    return status;
  out.reset(new Session(std::move(impl)));
  return Status::success();
}

Status Session::createDefault(const SessionOptions &options,
                              std::unique_ptr<Session> &out) {
  return create(defaultModelText(), options, out);
}

StepResult Session::step(const float *images, const int32_t *labels,
                         float learningRate) {
  Impl &s = *impl_;
  StepResult result;
  const int64_t batch = s.inputShape[0];
  if (Status status = s.checkLabels(labels, batch); !status) {
    result.skipped = true;
    result.skipReason = status.message();
    return result;
  }
  std::memcpy(s.images.data(), images, s.images.size() * sizeof(float));
  std::memcpy(s.labels.data(), labels, s.labels.size() * sizeof(int32_t));
  s.lr = learningRate;
  s.step = int32_t(uint32_t(s.steps));
  ++s.steps;
  Status status = s.train->run();
  if (status) {
    result.loss = s.train->result(0)[0];
    if (!std::isfinite(result.loss))
      status =
          Status::error("session: the loss is " + std::to_string(result.loss));
  }
  if (status) {
    for (size_t k = 0; k < s.params.size() && status; ++k) {
      const float *updated = s.train->result(s.paramResults[k]);
      for (size_t i = 0; i < s.params[k].data.size(); ++i)
        if (!std::isfinite(updated[i])) {
          status = Status::error("session: parameter " + s.params[k].name +
                                 " became non-finite");
          break;
        }
    }
  }
  if (!status) {
    result.skipped = true;
    result.skipReason = status.message();
    return result;
  }
  auto commit = [&](std::vector<OwnedTensor> &list,
                    const std::vector<size_t> &from) {
    for (size_t k = 0; k < list.size(); ++k)
      std::memcpy(list[k].data.data(), s.train->result(from[k]),
                  list[k].data.size() * sizeof(float));
  };
  commit(s.params, s.paramResults);
  commit(s.momenta, s.momentumResults);
  commit(s.states, s.stateResults);
  const float *logits = s.train->result(1);
  for (int64_t i = 0; i < batch; ++i)
    result.correct += argmax(logits + i * s.classes, s.classes) == labels[i];
  return result;
}

Status Session::evaluate(const float *images, const int32_t *labels,
                         int64_t count, EvalResult &out) {
  Impl &s = *impl_;
  out = EvalResult();
  if (count < 0)
    return Status::error("session: negative image count");
  if (Status status = s.checkLabels(labels, count); !status)
    return status;
  const int64_t batch = s.inputShape[0];
  const size_t imageSize = s.images.size() / size_t(batch);
  double lossSum = 0;
  for (int64_t first = 0; first < count; first += batch) {
    const int64_t n = std::min(batch, count - first);
    std::memcpy(s.images.data(), images + size_t(first) * imageSize,
                size_t(n) * imageSize * sizeof(float));
    std::fill(s.images.begin() + ptrdiff_t(size_t(n) * imageSize),
              s.images.end(), 0.0f);
    if (Status status = s.eval->run(); !status)
      return status;
    const float *logits = s.eval->result(0);
    for (int64_t i = 0; i < n; ++i) {
      const float *row = logits + i * s.classes;
      const int32_t label = labels[first + i];
      const float max = row[argmax(row, s.classes)];
      double sum = 0;
      for (int64_t j = 0; j < s.classes; ++j)
        sum += std::exp(double(row[j]) - double(max));
      lossSum += std::log(sum) + double(max) - double(row[label]);
      out.correct += argmax(row, s.classes) == label;
    }
  }
  out.count = count;
  out.meanLoss = count ? lossSum / double(count) : 0.0;
  return Status::success();
}

uint64_t Session::stepsDone() const { return impl_->steps; }

std::vector<NamedTensor> Session::state() const {
  std::vector<NamedTensor> out;
  for (const auto *list : {&impl_->params, &impl_->momenta, &impl_->states})
    for (const OwnedTensor &t : *list)
      out.push_back(
          {t.name, t.shape, std::vector<float>(t.data.begin(), t.data.end())});
  return out;
}

Status Session::restore(const std::vector<NamedTensor> &tensors,
                        uint64_t stepsDone) {
  Impl &s = *impl_;
  std::vector<std::pair<OwnedTensor *, const NamedTensor *>> matched;
  for (auto *list : {&s.params, &s.momenta, &s.states})
    for (OwnedTensor &t : *list) {
      const NamedTensor *found = nullptr;
      for (const NamedTensor &n : tensors)
        if (n.name == t.name)
          found = &n;
      if (!found)
        return Status::error("session: restore lacks tensor '" + t.name + "'");
      if (found->shape != t.shape || found->values.size() != t.data.size())
        return Status::error("session: restore: tensor '" + t.name +
                             "' has shape " + shapeText(found->shape) + " (" +
                             std::to_string(found->values.size()) +
                             " values), the model needs " + shapeText(t.shape));
      matched.push_back({&t, found});
    }
  if (matched.size() != tensors.size())
    for (const NamedTensor &n : tensors) {
      bool known = false;
      for (const auto &[t, f] : matched)
        known = known || f == &n;
      if (!known)
        return Status::error("session: restore: unknown tensor '" + n.name +
                             "'");
    }
  for (auto &[t, n] : matched)
    std::copy(n->values.begin(), n->values.end(), t->data.begin());
  s.steps = stepsDone;
  return Status::success();
}

std::vector<OpProfileEntry> Session::profile() const {
  return impl_->profile.entries();
}

const std::vector<int64_t> &Session::inputShape() const {
  return impl_->inputShape;
}

int64_t Session::classes() const { return impl_->classes; }

} // namespace dfp::runtime
