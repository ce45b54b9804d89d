#include "dfp/Conversion/Passes.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"

namespace mlir::dfp {

#define GEN_PASS_DEF_DFPSETTARGETCPU
#include "dfp/Conversion/Passes.h.inc"

namespace {

/// "+avx2,+fma,-avx512f,..." from the host's feature map.
std::string hostFeatures() {
  std::string features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures()) {
    if (!features.empty())
      features += ',';
    features += (feature.second ? '+' : '-');
    features += feature.first().str();
  }
  return features;
}

struct DfpSetTargetCpuPass : impl::DfpSetTargetCpuBase<DfpSetTargetCpuPass> {
  using DfpSetTargetCpuBase::DfpSetTargetCpuBase;

  void runOnOperation() override {
    bool host = cpu.empty();
    std::string cpuName = host ? llvm::sys::getHostCPUName().str() : cpu;
    std::string featureList = features;
    if (featureList.empty() && host)
      featureList = hostFeatures();
    MLIRContext *context = &getContext();
    getOperation().walk([&](LLVM::LLVMFuncOp func) {
      func.setTargetCpuAttr(StringAttr::get(context, cpuName));
      if (!featureList.empty())
        func.setTargetFeaturesAttr(
            LLVM::TargetFeaturesAttr::get(context, featureList));
    });
  }
};

} // namespace

} // namespace mlir::dfp
