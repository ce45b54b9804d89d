// Fuzz target: Dfp IR text -> parse (which verifies) -> print -> parse ->
// print. Whatever parses and verifies must print to text that parses,
// verifies and prints identically, in the custom and in the generic form.
#include "FuzzMlir.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext &context = dfp::fuzz::contextForNextInput();
  if (mlir::OwningOpRef<mlir::ModuleOp> module =
          dfp::fuzz::parseInput(context, data, size))
    dfp::fuzz::checkRoundTrip(*module);
  return 0;
}
