#include "OnnxExport.h"

#include "dfp/Export/OnnxExporter.h"
#include "dfp/Registration/InitAllDialects.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace dfp::train {

Status exportTrainedModel(const std::string &path,
                          const std::string &moduleText,
                          const std::vector<runtime::NamedTensor> &state) {
  mlir::DialectRegistry registry;
  mlir::dfp::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  std::string diagnostics;
  llvm::raw_string_ostream diagnosticStream(diagnostics);
  llvm::SourceMgr sourceManager;
  mlir::SourceMgrDiagnosticHandler handler(sourceManager, &context,
                                           diagnosticStream);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(moduleText, &context);
  if (!module)
    return Status::error(path + ": the model does not parse: " + diagnostics);
  if (llvm::Error error = mlir::dfp::exportOnnxFile(path, *module, state))
    return Status::error(path + ": " + llvm::toString(std::move(error)));
  return Status::success();
}

} // namespace dfp::train
