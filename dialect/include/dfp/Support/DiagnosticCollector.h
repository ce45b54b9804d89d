#ifndef DFP_SUPPORT_DIAGNOSTICCOLLECTOR_H
#define DFP_SUPPORT_DIAGNOSTICCOLLECTOR_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::dfp {

/// Collects the error diagnostics (with their notes and locations) emitted
/// in `context` while it lives, for an error message of the caller's kind.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext *context)
      : handler(context, [this](Diagnostic &diagnostic) {
          if (diagnostic.getSeverity() != DiagnosticSeverity::Error)
            return success();
          llvm::raw_string_ostream os(text);
          os << (text.empty() ? "" : "\n") << diagnostic.getLocation() << ": "
             << diagnostic;
          for (const Diagnostic &note : diagnostic.getNotes())
            os << "\n  " << note.getLocation() << ": note: " << note;
          return success();
        }) {}

  /// `what`, followed by the collected diagnostics if there are any.
  std::string message(const std::string &what) const {
    return what + (text.empty() ? "" : ":\n" + text);
  }

private:
  std::string text;
  ScopedDiagnosticHandler handler;
};

} // namespace mlir::dfp

#endif // DFP_SUPPORT_DIAGNOSTICCOLLECTOR_H
