#include "OnnxImport.h"

#include "dfp/Import/OnnxImporter.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace dfp::train {

Status importOnnxModelText(const std::string &path, int64_t batch,
                           std::string &text) {
  mlir::MLIRContext context;
  mlir::dfp::loadOnnxImportDialects(context);
  mlir::dfp::OnnxImportOptions options;
  options.leadingDimension = batch;
  auto module = mlir::dfp::importOnnxFile(path, context, options);
  if (!module)
    return Status::error(path + ": " + llvm::toString(module.takeError()));
  text.clear();
  llvm::raw_string_ostream stream(text);
  (*module)->print(stream);
  return Status::success();
}

} // namespace dfp::train
