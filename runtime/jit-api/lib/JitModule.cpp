#include "dfp/runtime/JitModule.h"

#include "ArgumentPacker.h"
#include "Signature.h"

#include "dfp/Conversion/Passes.h"
#include "dfp/Registration/InitAllDialects.h"
#include "dfp/Support/DiagnosticCollector.h"
#include "dfp/Transforms/Passes.h"
#include "dfp/abi/KernelAbi.h"
#include "dfp/abi/Symbols.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"

#include <mutex>

namespace dfp {

using jitapi::ArgumentPacker;
using jitapi::FunctionSignature;

class JitModule::Impl {
public:
  std::unique_ptr<mlir::MLIRContext> ownedContext;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  llvm::StringMap<FunctionSignature> signatures;
  std::vector<std::string> order;
};

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message.str());
}

void initializeOnce() {
  static std::once_flag flag;
  std::call_once(flag, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    mlir::registerAllPasses();
    mlir::dfp::registerAllDfpPasses();
    mlir::dfp::registerAllDfpConversions();
  });
}

std::unique_ptr<mlir::MLIRContext> makeContext() {
  mlir::DialectRegistry registry;
  mlir::dfp::registerAllDialects(registry);
  auto context = std::make_unique<mlir::MLIRContext>(registry);
  context->loadAllAvailableDialects();
  return context;
}

using mlir::dfp::DiagnosticCollector;

llvm::Error errorWith(const DiagnosticCollector &diagnostics,
                      const llvm::Twine &what) {
  return makeError(diagnostics.message(what.str()));
}

llvm::Expected<llvm::StringMap<FunctionSignature>>
readSignatures(mlir::ModuleOp module, std::vector<std::string> &order) {
  llvm::StringMap<FunctionSignature> signatures;
  for (auto func : module.getOps<mlir::func::FuncOp>()) {
    if (func.isDeclaration() || func.isPrivate())
      continue;
    llvm::Expected<FunctionSignature> signature = jitapi::readSignature(func);
    if (!signature)
      return signature.takeError();
    order.push_back(signature->name);
    signatures[signature->name] = std::move(*signature);
  }
  if (signatures.empty())
    return makeError("the module has no public function to call");
  return signatures;
}

llvm::Error runPipeline(mlir::ModuleOp module, const JitOptions &options) {
  mlir::MLIRContext *context = module.getContext();
  DiagnosticCollector diagnostics(context);
  mlir::PassManager pm(context);
  std::string pipelineErrors;
  llvm::raw_string_ostream errorStream(pipelineErrors);
  if (mlir::failed(mlir::parsePassPipeline(options.pipeline, pm, errorStream)))
    return makeError("invalid pipeline '" + options.pipeline +
                     "': " + pipelineErrors);
  if (options.printIrAfterAll) {
    context->disableMultithreading();
    pm.enableIRPrinting(
        /*shouldPrintBeforePass=*/nullptr,
        /*shouldPrintAfterPass=*/
        [](mlir::Pass *, mlir::Operation *) { return true; },
        /*printModuleScope=*/true, /*printAfterOnlyOnChange=*/false);
  }
  if (mlir::failed(pm.run(module)))
    return errorWith(diagnostics, "pipeline '" + options.pipeline + "' failed");
  return llvm::Error::success();
}

llvm::Error checkLowered(mlir::ModuleOp module,
                         llvm::StringMap<FunctionSignature> &signatures) {
  for (auto &entry : signatures) {
    auto lowered = module.lookupSymbol<mlir::LLVM::LLVMFuncOp>(entry.getKey());
    if (!lowered)
      return makeError("@" + entry.getKey() +
                       " is not an llvm.func after the pipeline: it must end "
                       "in the LLVM dialect");
    if (llvm::Error error =
            jitapi::checkLoweredSignature(entry.getValue(), lowered))
      return error;
  }
  return llvm::Error::success();
}

llvm::orc::SymbolMap makeSymbolMap(llvm::orc::MangleAndInterner interner,
                                   const JitOptions &options) {
  llvm::orc::SymbolMap symbols;
  auto add = [&](llvm::StringRef name, void *address) {
    symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                               llvm::JITSymbolFlags::Exported};
  };
  for (auto [name, address] : runtimeSymbols())
    add(name, address);
  for (const auto &[name, address] : options.symbols)
    add(name, address);
  return symbols;
}

llvm::Expected<std::unique_ptr<JitModule::Impl>>
compile(mlir::ModuleOp module, const JitOptions &options) {
  auto impl = std::make_unique<JitModule::Impl>();
  llvm::Expected<llvm::StringMap<FunctionSignature>> signatures =
      readSignatures(module, impl->order);
  if (!signatures)
    return signatures.takeError();
  impl->signatures = std::move(*signatures);
  if (llvm::Error error = runPipeline(module, options))
    return std::move(error);
  if (llvm::Error error = checkLowered(module, impl->signatures))
    return std::move(error);

  mlir::registerBuiltinDialectTranslation(*module.getContext());
  mlir::registerLLVMDialectTranslation(*module.getContext());
  if (options.optLevel > 3 || options.irOptLevel > 3)
    return makeError("optimisation levels must be in 0-3, got " +
                     llvm::Twine(options.optLevel) + " (code generation) and " +
                     llvm::Twine(options.irOptLevel) + " (IR)");
  std::function<llvm::Error(llvm::Module *)> transformer =
      mlir::makeOptimizingTransformer(options.irOptLevel, 0, nullptr);
  mlir::ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel =
      static_cast<llvm::CodeGenOptLevel>(options.optLevel);
  DiagnosticCollector diagnostics(module.getContext());
  auto engine = mlir::ExecutionEngine::create(module, engineOptions);
  if (!engine)
    return llvm::joinErrors(errorWith(diagnostics, "JIT compilation failed"),
                            engine.takeError());
  // Symbols resolve at the first lookup, so registering them now is enough.
  (*engine)->registerSymbols([&options](llvm::orc::MangleAndInterner interner) {
    return makeSymbolMap(interner, options);
  });
  // Materialize every function now: code generation errors surface here and
  // the first call pays no compilation.
  for (const auto &entry : impl->signatures)
    if (auto function = (*engine)->lookupPacked(entry.getKey()); !function)
      return function.takeError();
  impl->engine = std::move(*engine);
  return impl;
}

} // namespace

llvm::ArrayRef<std::pair<const char *, void *>> runtimeSymbols() {
  static const std::vector<std::pair<const char *, void *>> symbols = [] {
    // memref.copy of non-contiguous buffers lowers to a call of memrefCopy.
    std::vector<std::pair<const char *, void *>> all = {
        {"memrefCopy", reinterpret_cast<void *>(&memrefCopy)}};
    // The kernel path's dispatch and invoke calls (dfp-lower-to-kernels).
    const auto &kernelAbi = abi::kernelAbiSymbols();
    all.insert(all.end(), kernelAbi.begin(), kernelAbi.end());
    return all;
  }();
  return symbols;
}

JitModule::JitModule(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JitModule::~JitModule() = default;

llvm::Expected<std::unique_ptr<JitModule>>
JitModule::fromModule(mlir::ModuleOp module, const JitOptions &options) {
  initializeOnce();
  mlir::OwningOpRef<mlir::ModuleOp> copy(module.clone());
  llvm::Expected<std::unique_ptr<Impl>> impl = compile(*copy, options);
  if (!impl)
    return impl.takeError();
  return std::unique_ptr<JitModule>(new JitModule(std::move(*impl)));
}

llvm::Expected<std::unique_ptr<JitModule>>
JitModule::fromSource(llvm::StringRef source, const JitOptions &options) {
  initializeOnce();
  std::unique_ptr<mlir::MLIRContext> context = makeContext();
  mlir::OwningOpRef<mlir::ModuleOp> module;
  {
    DiagnosticCollector diagnostics(context.get());
    module = mlir::parseSourceString<mlir::ModuleOp>(source, context.get());
    if (!module)
      return errorWith(diagnostics, "cannot parse the module");
  }
  llvm::Expected<std::unique_ptr<Impl>> impl = compile(*module, options);
  if (!impl)
    return impl.takeError();
  module = nullptr;
  (*impl)->ownedContext = std::move(context);
  return std::unique_ptr<JitModule>(new JitModule(std::move(*impl)));
}

llvm::Expected<std::unique_ptr<JitModule>>
JitModule::fromFile(llvm::StringRef path, const JitOptions &options) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return makeError("cannot read '" + path +
                     "': " + buffer.getError().message());
  return fromSource((*buffer)->getBuffer(), options);
}

std::vector<std::string> JitModule::functionNames() const {
  return impl_->order;
}

llvm::Expected<std::string>
JitModule::describe(llvm::StringRef function) const {
  auto it = impl_->signatures.find(function);
  if (it == impl_->signatures.end())
    return makeError("no public function @" + function + " in the module");
  return it->getValue().describe();
}

llvm::Expected<CallStatus>
JitModule::call(llvm::StringRef function, llvm::ArrayRef<JitArgument> inputs,
                llvm::ArrayRef<JitArgument> outputs) {
  auto it = impl_->signatures.find(function);
  if (it == impl_->signatures.end())
    return makeError("no public function @" + function + " in the module");
  ArgumentPacker packer;
  if (llvm::Error error = packer.pack(it->getValue(), inputs, outputs))
    return std::move(error);
  dfp_rt_clear_error();
  if (llvm::Error error =
          impl_->engine->invokePacked(function, packer.arguments()))
    return std::move(error);
  // A kernel dispatch or invoke that failed left its message (the outputs
  // are then unspecified).
  if (const char *kernelError = dfp_rt_last_error())
    return makeError("@" + function + ": " + kernelError);
  packer.finish();
  return CallStatus{packer.status()};
}

} // namespace dfp
