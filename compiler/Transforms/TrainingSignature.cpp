#include "TrainingSignature.h"

#include "ContractedOperands.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::dfp {

static bool isStaticF32Tensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getElementType().isF32();
}

FailureOr<ForwardSignature> analyzeForward(func::FuncOp forward) {
  if (forward.isExternal() || !llvm::hasSingleElement(forward.getBody()))
    return forward.emitError("expects @")
           << forward.getSymName() << " to have a body of one block";
  if (forward.getNumArguments() == 0)
    return forward.emitError("expects @")
           << forward.getSymName() << " to take the input first";

  ForwardSignature signature;
  signature.input = forward.getArgument(0);
  if (!isStaticF32Tensor(signature.input.getType()))
    return forward.emitError("expects the input (argument 0) to be a static "
                             "f32 tensor, got ")
           << signature.input.getType();
  if (forward.getArgAttr(0, kParamAttrName) ||
      forward.getArgAttr(0, kStateAttrName))
    return forward.emitError("expects the input (argument 0) to carry "
                             "neither ")
           << kParamAttrName << " nor " << kStateAttrName;

  llvm::StringSet<> names;
  for (BlockArgument argument : forward.getArguments().drop_front()) {
    unsigned index = argument.getArgNumber();
    auto param = forward.getArgAttrOfType<StringAttr>(index, kParamAttrName);
    auto state = forward.getArgAttrOfType<StringAttr>(index, kStateAttrName);
    if (!param == !state)
      return forward.emitError("expects argument ")
             << index << " to carry exactly one of " << kParamAttrName
             << " = \"name\" or " << kStateAttrName << " = \"name\"";
    StringAttr name = param ? param : state;
    if (!isStaticF32Tensor(argument.getType()))
      return forward.emitError("expects argument ")
             << index << " (\"" << name.getValue()
             << "\") to be a static f32 tensor, got " << argument.getType();
    if (!names.insert(name.getValue()).second)
      return forward.emitError("argument ")
             << index << " repeats the name \"" << name.getValue() << "\"";
    (param ? signature.params : signature.states).push_back({argument, name});
  }

  FunctionType type = forward.getFunctionType();
  auto logits = type.getNumResults() == 1
                    ? dyn_cast<RankedTensorType>(type.getResult(0))
                    : RankedTensorType();
  if (!logits || logits.getRank() != 2 || !isStaticF32Tensor(logits))
    return forward.emitError("expects @")
           << forward.getSymName()
           << " to return one static f32 tensor of logits [N, K], got "
           << type.getResults();
  signature.logitsType = logits;
  return signature;
}

std::pair<func::FuncOp, TrainStepArguments>
createTrainStep(func::FuncOp forward, const ForwardSignature &signature) {
  MLIRContext *context = forward.getContext();
  Builder b(context);
  int64_t batch = signature.logitsType.getDimSize(0);
  Type scalar = RankedTensorType::get({}, b.getF32Type());

  SmallVector<Type> arguments;
  SmallVector<DictionaryAttr> argumentAttrs;
  auto addArgument = [&](Type type, DictionaryAttr attrs) {
    arguments.push_back(type);
    argumentAttrs.push_back(attrs ? attrs : b.getDictionaryAttr({}));
  };
  auto unitMark = [&](StringRef name) {
    return b.getDictionaryAttr(b.getNamedAttr(name, b.getUnitAttr()));
  };
  auto nameMark = [&](StringRef attr, StringAttr name) {
    return b.getDictionaryAttr(b.getNamedAttr(attr, name));
  };
  auto forwardAttrs = [&](BlockArgument argument) {
    return forward.getArgAttrDict(argument.getArgNumber());
  };

  addArgument(signature.input.getType(), forwardAttrs(signature.input));
  addArgument(RankedTensorType::get({batch}, b.getI32Type()),
              unitMark(kLabelsAttrName));
  addArgument(scalar, unitMark(kLrAttrName));
  addArgument(b.getI32Type(), unitMark(kStepAttrName));
  for (const NamedArgument &param : signature.params)
    addArgument(param.value.getType(), forwardAttrs(param.value));
  for (const NamedArgument &param : signature.params)
    addArgument(param.value.getType(), nameMark(kMomentumAttrName, param.name));
  for (const NamedArgument &state : signature.states)
    addArgument(state.value.getType(), forwardAttrs(state.value));

  SmallVector<Type> results = {scalar, signature.logitsType};
  SmallVector<DictionaryAttr> resultAttrs = {unitMark(kLossAttrName),
                                             unitMark(kLogitsAttrName)};
  auto addResults = [&](ArrayRef<NamedArgument> group, StringRef attr) {
    for (const NamedArgument &named : group) {
      results.push_back(named.value.getType());
      resultAttrs.push_back(nameMark(attr, named.name));
    }
  };
  addResults(signature.params, kParamAttrName);
  addResults(signature.params, kMomentumAttrName);
  addResults(signature.states, kStateAttrName);

  OpBuilder builder(forward);
  builder.setInsertionPointAfter(forward);
  auto step =
      builder.create<func::FuncOp>(forward.getLoc(), kTrainStepName,
                                   builder.getFunctionType(arguments, results));
  step.setAllArgAttrs(argumentAttrs);
  step.setAllResultAttrs(resultAttrs);
  Block *entry = step.addEntryBlock();

  TrainStepArguments args;
  auto next = entry->args_begin();
  args.input = *next++;
  args.labels = *next++;
  args.lr = *next++;
  args.step = *next++;
  auto take = [&](SmallVector<BlockArgument> &group, size_t count) {
    group.assign(next, next + count);
    next += count;
  };
  take(args.params, signature.params.size());
  take(args.momenta, signature.params.size());
  take(args.states, signature.states.size());
  return {step, args};
}

} // namespace mlir::dfp
