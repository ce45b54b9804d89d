#include "LlvmGemm.h"

#include "dfp/reference/ChainLength.h"
#include "dfp/reference/Quantize.h"
#include "dfp/runtime/JitModule.h"

namespace dfp::bench {

namespace {

const DfpFormat kFormat{16, 13, ExponentGrouping::tensor()};

std::string dfpType(int64_t rows, int64_t columns) {
  return "!dfp.tensor<" + std::to_string(rows) + "x" + std::to_string(columns) +
         "xi16, mag = 13, exp = tensor>";
}

std::string f32Type(int64_t rows, int64_t columns) {
  return "tensor<" + std::to_string(rows) + "x" + std::to_string(columns) +
         "xf32>";
}

/// @gemm on DFP operands, or on FP32 ones that it quantizes itself.
std::string gemmSource(const GemmShape &shape, bool quantizeIncluded) {
  std::string a = dfpType(shape.m, shape.k), b = dfpType(shape.k, shape.n);
  std::string c = f32Type(shape.m, shape.n);
  std::string chain =
      std::to_string(chainLength(kFormat.magBits, kFormat.magBits));
  std::string product = "  %c = dfp.matmul %qa, %qb chain(" + chain +
                        ") : " + a + ", " + b + " -> " + c +
                        "\n  return %c : " + c + "\n}\n";
  if (!quantizeIncluded)
    return "func.func @gemm(%qa: " + a + ", %qb: " + b + ") -> " + c + " {\n" +
           product;
  std::string x = f32Type(shape.m, shape.k), w = f32Type(shape.k, shape.n);
  return "func.func @gemm(%x: " + x + ", %w: " + w + ") -> " + c + " {\n" +
         "  %qa = dfp.quantize %x rounding(nearest_even) : " + x + " -> " + a +
         "\n  %qb = dfp.quantize %w rounding(nearest_even) : " + w + " -> " +
         b + "\n" + product;
}

class LlvmGemm : public Contender {
public:
  LlvmGemm(std::shared_ptr<const GemmOperands> operands, bool quantizeIncluded,
           std::string pipeline)
      : operands_(std::move(operands)), quantizeIncluded_(quantizeIncluded),
        pipeline_(std::move(pipeline)) {}

  Status prepare() override {
    const GemmShape &shape = operands_->shape;
    c_.assign(size_t(shape.m * shape.n), 0.0f);
    JitOptions options;
    options.pipeline = pipeline_;
    auto module =
        JitModule::fromSource(gemmSource(shape, quantizeIncluded_), options);
    if (!module)
      return Status::error(pipeline_ + ": " +
                           llvm::toString(module.takeError()));
    module_ = std::move(*module);
    std::vector<int64_t> aShape = {shape.m, shape.k},
                         bShape = {shape.k, shape.n};
    if (quantizeIncluded_) {
      inputs_ = {JitArgument::of(TensorView::of(operands_->a.data(), aShape)),
                 JitArgument::of(TensorView::of(operands_->b.data(), bShape))};
    } else {
      Status status = quantize(operands_->a.data(), aShape, kFormat,
                               Rounding::NearestEven, {}, a_);
      if (status)
        status = quantize(operands_->b.data(), bShape, kFormat,
                          Rounding::NearestEven, {}, b_);
      if (!status)
        return status;
      inputs_ = {JitArgument::dfp(TensorView::of(a_.values.data(), aShape),
                                  TensorView::of(a_.exponents.data(), {1})),
                 JitArgument::dfp(TensorView::of(b_.values.data(), bShape),
                                  TensorView::of(b_.exponents.data(), {1}))};
    }
    output_ = JitArgument::of(TensorView::of(c_.data(), {shape.m, shape.n}));
    return Status::success();
  }

  Status run() override {
    auto status = module_->call("gemm", inputs_, {output_});
    if (!status)
      return Status::error(pipeline_ + ": " +
                           llvm::toString(status.takeError()));
    if (status->nonFiniteInput)
      return Status::error(pipeline_ + ": non-finite GEMM input");
    return Status::success();
  }

  const std::vector<float> *output() const override { return &c_; }

private:
  std::shared_ptr<const GemmOperands> operands_;
  bool quantizeIncluded_;
  std::string pipeline_;
  std::unique_ptr<JitModule> module_;
  QuantizedTensor a_, b_;
  std::vector<JitArgument> inputs_;
  JitArgument output_;
  std::vector<float> c_;
};

} // namespace

ContenderOrReason makeLlvmGemm(std::shared_ptr<const GemmOperands> operands,
                               bool quantizeIncluded, std::string pipeline) {
  return {std::make_unique<LlvmGemm>(std::move(operands), quantizeIncluded,
                                     std::move(pipeline)),
          ""};
}

} // namespace dfp::bench
