// RUN: dfp-opt %s -dfp-lower-to-llvm="target-cpu=znver4" | mlir-translate --mlir-to-llvmir | llc -O3 -mcpu=znver4 | FileCheck %s --check-prefix=ZNVER4
// RUN: dfp-opt %s -dfp-lower-to-llvm="target-cpu=znver3" | mlir-translate --mlir-to-llvmir | llc -O3 -mcpu=znver3 | FileCheck %s --check-prefix=ZNVER3

// Tests that the generic sext-mul-add chains of the LLVM path select the
// integer dot-product instructions: vpdpwssd on a VNNI CPU (any host can
// compile for znver4), vpmaddwd + vpaddd on an AVX2 one (znver3).
// ZNVER4-LABEL: matmul:
// ZNVER4-DAG: vpdpwssd %zmm{{[0-9]+}}, %zmm{{[0-9]+}}, %zmm{{[0-9]+}}
// ZNVER4-DAG: vcvtdq2ps %zmm
// ZNVER4-DAG: vfmadd{{[0-9]+}}ps %zmm
// ZNVER3-LABEL: matmul:
// ZNVER3-NOT: vpdpwssd
// ZNVER3-DAG: vpmaddwd %ymm{{[0-9]+}}, %ymm{{[0-9]+}}, %ymm{{[0-9]+}}
// ZNVER3-DAG: vpaddd %ymm
// ZNVER3-DAG: vcvtdq2ps %ymm
// ZNVER3-DAG: vfmadd{{[0-9]+}}ps %ymm
func.func @matmul(%a: !dfp.tensor<64x128xi16, mag = 13, exp = tensor>,
                  %b: !dfp.tensor<128x64xi16, mag = 13, exp = tensor>) -> tensor<64x64xf32> {
  %c = dfp.matmul %a, %b chain(32) : !dfp.tensor<64x128xi16, mag = 13, exp = tensor>, !dfp.tensor<128x64xi16, mag = 13, exp = tensor> -> tensor<64x64xf32>
  return %c : tensor<64x64xf32>
}
