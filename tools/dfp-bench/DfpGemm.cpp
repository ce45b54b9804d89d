#include "DfpGemm.h"

#include "dfp/jit/Gemm.h"
#include "dfp/quantize/Quantize.h"
#include "dfp/reference/ChainLength.h"

namespace dfp::bench {

namespace {
class DfpGemm : public Contender {
public:
  DfpGemm(std::shared_ptr<const GemmOperands> operands, jit::Isa isa,
          int threads, bool quantizeIncluded)
      : operands_(std::move(operands)), quantizeIncluded_(quantizeIncluded) {
    options_.isa = isa;
    options_.threads = threads;
    options_.execution = jit::ExecutionMode::Native;
  }

  Status prepare() override {
    const GemmShape &shape = operands_->shape;
    c_.assign(size_t(shape.m * shape.n), 0.0f);
    int64_t chain = chainLength(format_.magBits, format_.magBits);
    Status status = jit::makeGemmLayout(shape.m, shape.n, shape.k, format_,
                                        format_, chain, options_, layout_);
    if (!status)
      return status;
    // Quantizing and packing once also warms the kernels' code cache.
    return quantizeAndPack();
  }

  Status run() override {
    if (quantizeIncluded_) {
      Status status = quantizeAndPack();
      if (!status)
        return status;
    }
    return jit::gemmPacked(layout_, packedA_, packedB_, c_.data(), options_);
  }

  const std::vector<float> *output() const override { return &c_; }

private:
  Status quantize(const float *x, int64_t rows, int64_t columns,
                  QuantizedTensor &out) const {
    quant::QuantizeOptions options;
    options.isa = options_.isa;
    options.threads = options_.threads;
    options.mode = jit::ExecutionMode::Native;
    return quant::quantize(x, {rows, columns}, format_, Rounding::NearestEven,
                           StochasticSeed{}, out, options);
  }

  Status quantizeAndPack() {
    const GemmShape &shape = operands_->shape;
    Status status =
        quantize(operands_->a.data(), shape.m, shape.k, quantizedA_);
    if (status)
      status = quantize(operands_->b.data(), shape.k, shape.n, quantizedB_);
    if (status)
      status = jit::packA(layout_, quantizedA_, packedA_);
    if (status)
      status = jit::packB(layout_, quantizedB_, packedB_);
    return status;
  }

  std::shared_ptr<const GemmOperands> operands_;
  bool quantizeIncluded_;
  DfpFormat format_; // DFP16, M = 13, one exponent per tensor
  jit::GemmOptions options_;
  jit::GemmLayout layout_;
  QuantizedTensor quantizedA_, quantizedB_;
  jit::PackedOperand packedA_, packedB_;
  std::vector<float> c_;
};
} // namespace

std::string describeDfpGemm() {
  DfpFormat format;
  return "DFP16 M=" + std::to_string(format.magBits) +
         ", one exponent per tensor, chain " +
         std::to_string(chainLength(format.magBits, format.magBits)) +
         "; quantize_included times dfp::quant::quantize of A and B, "
         "packing and the GEMM";
}

ContenderOrReason makeDfpGemm(std::shared_ptr<const GemmOperands> operands,
                              jit::Isa isa, int threads,
                              bool quantizeIncluded) {
  ContenderOrReason result;
  result.contender = std::make_unique<DfpGemm>(std::move(operands), isa,
                                               threads, quantizeIncluded);
  return result;
}

} // namespace dfp::bench
