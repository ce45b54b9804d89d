#include "dfp/Conversion/Passes.h"
#include "dfp/Registration/InitAllDialects.h"
#include "dfp/Transforms/Passes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::dfp::registerAllDfpPasses();
  mlir::dfp::registerAllDfpConversions();

  mlir::DialectRegistry registry;
  mlir::dfp::registerAllDialects(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "dfpc optimizer driver (Dfp dialect)\n", registry));
}
