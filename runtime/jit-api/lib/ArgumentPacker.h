#ifndef DFP_RUNTIME_JITAPI_ARGUMENTPACKER_H
#define DFP_RUNTIME_JITAPI_ARGUMENTPACKER_H

#include "Signature.h"

#include <deque>
#include <memory>

namespace dfp::jitapi {

/// The `void **` argument list of mlir::ExecutionEngine::invokePacked for one
/// call: a memref descriptor per buffer (allocated, aligned, offset, sizes,
/// strides) and the scalars. Views that are not row-major contiguous go
/// through contiguous copies; finish() writes the outputs' copies back.
class ArgumentPacker {
public:
  /// Checks every view against `signature` (kind, element type, shape, no
  /// null data) and builds the list; errors name the argument.
  llvm::Error pack(const FunctionSignature &signature,
                   llvm::ArrayRef<JitArgument> inputs,
                   llvm::ArrayRef<JitArgument> outputs);
  /// The packed list, with the status result's slot last when there is one.
  llvm::SmallVector<void *> &arguments() { return arguments_; }
  bool status() const { return status_ != 0; }
  void finish();

private:
  llvm::Error addParameter(const FunctionSignature &signature, const char *what,
                           size_t index, const Parameter &parameter,
                           const JitArgument &argument, bool isOutput);
  llvm::Error addBuffer(const FunctionSignature &signature, const char *what,
                        size_t index, const char *part,
                        const BufferType &expected, const TensorView &view,
                        bool isOutput);

  struct Staged {
    TensorView view;
    std::unique_ptr<char[]> copy;
  };
  std::deque<std::vector<int64_t>> fields_;
  std::deque<Staged> staged_;
  std::vector<Staged *> stagedOutputs_;
  std::deque<int32_t> i32s_;
  std::deque<int64_t> i64s_;
  llvm::SmallVector<void *> arguments_;
  uint8_t status_ = 0;
};

} // namespace dfp::jitapi

#endif // DFP_RUNTIME_JITAPI_ARGUMENTPACKER_H
