#include "OneDnnGemm.h"

#include "OneDnnControl.h"

#include <oneapi/dnnl/dnnl.h>

#include <string>
#include <vector>

namespace dfp::bench {

namespace {
class OneDnnGemm : public Contender {
public:
  OneDnnGemm(std::shared_ptr<const GemmOperands> operands, int threads)
      : operands_(std::move(operands)), threads_(threads) {}

  Status prepare() override {
    const GemmShape &shape = operands_->shape;
    c_.assign(size_t(shape.m * shape.n), 0.0f);
    return Status::success();
  }

  Status run() override {
    const GemmShape &shape = operands_->shape;
    setOneDnnThreads(threads_);
    dnnl_status_t status = dnnl_sgemm(
        'N', 'N', shape.m, shape.n, shape.k, 1.0f, operands_->a.data(), shape.k,
        operands_->b.data(), shape.n, 0.0f, c_.data(), shape.n);
    if (status != dnnl_success)
      return Status::error("dnnl_sgemm failed on " + shape.name() +
                           " with status " + std::to_string(int(status)));
    return Status::success();
  }

  const std::vector<float> *output() const override { return &c_; }

private:
  std::shared_ptr<const GemmOperands> operands_;
  int threads_;
  std::vector<float> c_;
};
} // namespace

std::unique_ptr<Contender>
makeOneDnnGemm(std::shared_ptr<const GemmOperands> operands, int threads) {
  return std::make_unique<OneDnnGemm>(std::move(operands), threads);
}

} // namespace dfp::bench
