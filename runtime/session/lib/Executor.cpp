#include "Binder.h"
#include "OpInfo.h"

namespace dfp::runtime::session {

using mlir::Operation;
using mlir::Value;
namespace md = mlir::dfp;

Binder::Binder(Executor &executor, const ExecutorOptions &options)
    : executor(executor), storage(*executor.storage_), options(options) {
  opOptions.threads = options.threads;
}

Status Binder::bind(mlir::func::FuncOp function,
                    const std::vector<void *> &arguments) {
  if (function.getNumArguments() != arguments.size())
    return Status::error("executor: @" + function.getName().str() + " takes " +
                         std::to_string(function.getNumArguments()) +
                         " arguments, bound " +
                         std::to_string(arguments.size()));
  for (mlir::BlockArgument argument : function.getArguments()) {
    void *data = arguments[argument.getArgNumber()];
    mlir::Type element = mlir::getElementTypeOrSelf(argument.getType());
    if (element.isF32())
      f32[argument] = static_cast<float *>(data);
    else
      integers[argument] = data;
  }
  fusions = findFusions(function);
  for (Operation &op : function.getBody().front()) {
    if (fusions.fusedAway.contains(&op))
      continue;
    if (Status status = bindOp(&op); !status)
      return status;
  }
  return Status::success();
}

float *Binder::allocate(Value value) {
  storage.buffers.push_back(std::make_unique<jit::AlignedVector<float>>(
      size_t(std::max<int64_t>(elementsOf(value), 1)), 0.0f));
  float *data = storage.buffers.back()->data();
  f32[value] = data;
  return data;
}

Status Binder::input(Operation *op, Value value, const float *&data) {
  auto it = f32.find(value);
  if (it == f32.end())
    return opError(op, "operand is not an f32 tensor the session computes");
  data = it->second;
  return Status::success();
}

void Binder::addStep(Operation *op, const std::string &kindName,
                     std::function<Status()> body) {
  OpProfile::Kind *kind = nullptr;
  if (options.profile) {
    kind = options.profile->kind(kindName);
    kind->name = kindName;
  }
  const std::string where = describe(op);
  executor.steps_.push_back({kind, [where, body = std::move(body)]() {
                               return located(where, body());
                             }});
}

Status Binder::labels(Operation *op, Value value, const int32_t *&data) {
  auto type = llvm::cast<mlir::ShapedType>(value.getType());
  if (!type.getElementType().isInteger(32))
    return opError(op, "labels must be i32");
  auto it = integers.find(value);
  if (it == integers.end())
    return opError(op, "labels are not a function argument");
  data = static_cast<const int32_t *>(it->second);
  return Status::success();
}

Status Binder::inputs(Operation *op, std::initializer_list<Value> values,
                      std::initializer_list<const float **> out) {
  auto v = values.begin();
  for (const float **o : out)
    if (Status status = input(op, *v++, *o); !status)
      return status;
  return Status::success();
}

Executor::Executor() : storage_(std::make_unique<Storage>()) {}
Executor::~Executor() = default;

Status Executor::compile(mlir::func::FuncOp function,
                         const std::vector<void *> &arguments,
                         const ExecutorOptions &options,
                         std::unique_ptr<Executor> &out) {
  std::unique_ptr<Executor> executor(new Executor());
  executor->profile_ = options.profile;
  Binder binder(*executor, options);
  if (Status status = binder.bind(function, arguments); !status)
    return status;
  out = std::move(executor);
  return Status::success();
}

Status Executor::run() {
  for (Step &step : steps_) {
    if (!step.kind) {
      if (Status status = step.body(); !status)
        return status;
      continue;
    }
    const auto start = OpProfile::Clock::now();
    Status status = step.body();
    step.kind->seconds +=
        std::chrono::duration<double>(OpProfile::Clock::now() - start).count();
    ++step.kind->calls;
    if (!status)
      return status;
  }
  return Status::success();
}

} // namespace dfp::runtime::session
