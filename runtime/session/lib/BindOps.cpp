#include "Binder.h"
#include "OpInfo.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"

#include <cstring>

namespace dfp::runtime::session {

using mlir::Operation;
using mlir::Value;
namespace md = mlir::dfp;

Status Binder::channelShape(Operation *op, Value value,
                            ops::ChannelShape &shape) {
  if (Status status = ops::ChannelShape::fromDims(shapeOf(value), shape);
      !status)
    return opError(op, status.message());
  return Status::success();
}

template <typename PoolOp>
Status Binder::poolShape(PoolOp op, Value input, ops::Pool2dShape &shape) {
  const std::vector<int64_t> x = shapeOf(input);
  if (x.size() != 4)
    return opError(op, "pooling needs an NCHW tensor");
  shape.batch = x[0];
  shape.channels = x[1];
  shape.height = x[2];
  shape.width = x[3];
  for (size_t i = 0; i < 2; ++i) {
    shape.kernel[i] = op.getKernel()[i];
    shape.strides[i] = op.getStrides()[i];
  }
  for (size_t i = 0; i < 4; ++i)
    shape.padding[i] = op.getPadding()[i];
  if (Status status = shape.verify(op->getName().getStringRef().data());
      !status)
    return opError(op, status.message());
  return Status::success();
}

Status Binder::bindOp(Operation *op) {
  const ops::OpOptions o = opOptions;
  if (auto q = llvm::dyn_cast<md::QuantizeOp>(op))
    return bindQuantize(q);
  if (llvm::isa<md::Conv2dOp, md::Conv2dBackwardDataOp,
                md::Conv2dBackwardFilterOp>(op))
    return bindConv(op);
  if (auto m = llvm::dyn_cast<md::MatmulOp>(op))
    return bindMatmul(m);
  if (auto r = llvm::dyn_cast<md::ReshapeOp>(op)) {
    if (llvm::isa<md::DfpTensorType>(r.getInput().getType()))
      return opError(op, "reshape of a DFP tensor is not supported");
    const float *x;
    if (Status status = input(op, r.getInput(), x); !status)
      return status;
    f32[r.getResult()] = const_cast<float *>(x); // a view, no copy
    return Status::success();
  }
  if (auto c = llvm::dyn_cast<mlir::arith::ConstantOp>(op)) {
    auto dense = llvm::dyn_cast<mlir::DenseElementsAttr>(c.getValue());
    if (!dense || !dense.getElementType().isF32())
      return opError(op, "only f32 dense constants are supported");
    float *y = allocate(c.getResult());
    int64_t i = 0;
    for (float v : dense.getValues<float>())
      y[i++] = v;
    return Status::success();
  }
  if (auto ret = llvm::dyn_cast<mlir::func::ReturnOp>(op)) {
    for (Value v : ret.getOperands()) {
      auto it = f32.find(v);
      if (it == f32.end())
        return opError(op, "returns a value that is not an f32 tensor");
      executor.results_.push_back(it->second);
    }
    return Status::success();
  }
  if (auto r = llvm::dyn_cast<md::ReluOp>(op)) {
    const float *x;
    if (Status status = input(op, r.getInput(), x); !status)
      return status;
    float *y = allocate(r.getOutput());
    const int64_t n = elementsOf(r.getOutput());
    addStep(op, "relu", [=] {
      ops::relu(x, n, y, o);
      return Status::success();
    });
    return Status::success();
  }
  if (auto r = llvm::dyn_cast<md::ReluBackwardOp>(op)) {
    const float *dy, *x;
    if (Status status =
            inputs(op, {r.getGradOutput(), r.getInput()}, {&dy, &x});
        !status)
      return status;
    float *dx = allocate(r.getGradInput());
    const int64_t n = elementsOf(r.getGradInput());
    addStep(op, "relu_backward", [=] {
      ops::reluBackward(dy, x, n, dx, o);
      return Status::success();
    });
    return Status::success();
  }
  if (auto a = llvm::dyn_cast<md::AddOp>(op)) {
    const float *x, *y;
    if (Status status = inputs(op, {a.getLhs(), a.getRhs()}, {&x, &y}); !status)
      return status;
    float *z = allocate(a.getResult());
    const int64_t n = elementsOf(a.getResult());
    addStep(op, "add", [=] {
      ops::add(x, y, n, z, o);
      return Status::success();
    });
    return Status::success();
  }
  if (auto b = llvm::dyn_cast<md::BiasAddOp>(op)) {
    const float *x, *bias;
    if (Status status = inputs(op, {b.getInput(), b.getBias()}, {&x, &bias});
        !status)
      return status;
    ops::ChannelShape shape;
    if (Status status = channelShape(op, b.getInput(), shape); !status)
      return status;
    float *y = allocate(b.getOutput());
    addStep(op, "bias_add", [=] { return ops::biasAdd(x, bias, shape, y, o); });
    return Status::success();
  }
  if (auto b = llvm::dyn_cast<md::BiasAddBackwardOp>(op)) {
    const float *dy;
    if (Status status = input(op, b.getGradOutput(), dy); !status)
      return status;
    ops::ChannelShape shape;
    if (Status status = channelShape(op, b.getGradOutput(), shape); !status)
      return status;
    float *db = allocate(b.getGradBias());
    addStep(op, "bias_add_backward",
            [=] { return ops::biasAddBackward(dy, shape, db, o); });
    return Status::success();
  }
  if (auto p = llvm::dyn_cast<md::MaxPool2dOp>(op)) {
    const float *x;
    if (Status status = input(op, p.getInput(), x); !status)
      return status;
    ops::Pool2dShape shape;
    if (Status status = poolShape(p, p.getInput(), shape); !status)
      return status;
    float *y = allocate(p.getOutput());
    if (fusions.poolsRecordingWinners.contains(op)) {
      storage.winners.push_back(std::make_unique<std::vector<int32_t>>(
          size_t(shape.outputElements())));
      int32_t *winners = storage.winners.back()->data();
      winnersOf[op] = winners;
      addStep(op, "max_pool2d", [=] {
        return ops::maxPool2dWithWinners(x, shape, y, winners, o);
      });
      return Status::success();
    }
    addStep(op, "max_pool2d", [=] { return ops::maxPool2d(x, shape, y, o); });
    return Status::success();
  }
  if (auto p = llvm::dyn_cast<md::MaxPool2dBackwardOp>(op)) {
    const float *dy, *x;
    if (Status status =
            inputs(op, {p.getGradOutput(), p.getInput()}, {&dy, &x});
        !status)
      return status;
    ops::Pool2dShape shape;
    if (Status status = poolShape(p, p.getInput(), shape); !status)
      return status;
    float *dx = allocate(p.getGradInput());
    auto pool = fusions.poolOfPoolBackward.find(op);
    if (pool != fusions.poolOfPoolBackward.end()) {
      const int32_t *winners = winnersOf.lookup(pool->second);
      addStep(op, "max_pool2d_backward", [=] {
        return ops::maxPool2dBackwardFromWinners(dy, winners, shape, dx, o);
      });
      return Status::success();
    }
    addStep(op, "max_pool2d_backward",
            [=] { return ops::maxPool2dBackward(dy, x, shape, dx, o); });
    return Status::success();
  }
  if (auto p = llvm::dyn_cast<md::AvgPool2dOp>(op)) {
    const float *x;
    if (Status status = input(op, p.getInput(), x); !status)
      return status;
    ops::Pool2dShape shape;
    if (Status status = poolShape(p, p.getInput(), shape); !status)
      return status;
    float *y = allocate(p.getOutput());
    const bool include = p.getCountIncludePad();
    addStep(op, "avg_pool2d",
            [=] { return ops::avgPool2d(x, shape, include, y, o); });
    return Status::success();
  }
  if (auto p = llvm::dyn_cast<md::AvgPool2dBackwardOp>(op)) {
    const float *dy;
    if (Status status = input(op, p.getGradOutput(), dy); !status)
      return status;
    ops::Pool2dShape shape;
    if (Status status = poolShape(p, p.getGradInput(), shape); !status)
      return status;
    float *dx = allocate(p.getGradInput());
    const bool include = p.getCountIncludePad();
    addStep(op, "avg_pool2d_backward",
            [=] { return ops::avgPool2dBackward(dy, shape, include, dx, o); });
    return Status::success();
  }
  if (auto g = llvm::dyn_cast<md::GlobalAvgPoolOp>(op)) {
    const float *x;
    if (Status status = input(op, g.getInput(), x); !status)
      return status;
    const std::vector<int64_t> dims = shapeOf(g.getInput());
    const ops::PlaneShape shape{dims[0] * dims[1], dims[2] * dims[3]};
    float *y = allocate(g.getOutput());
    addStep(op, "global_avg_pool",
            [=] { return ops::globalAvgPool(x, shape, y, o); });
    return Status::success();
  }
  if (auto g = llvm::dyn_cast<md::GlobalAvgPoolBackwardOp>(op)) {
    const float *dy;
    if (Status status = input(op, g.getGradOutput(), dy); !status)
      return status;
    const std::vector<int64_t> dims = shapeOf(g.getGradInput());
    const ops::PlaneShape shape{dims[0] * dims[1], dims[2] * dims[3]};
    float *dx = allocate(g.getGradInput());
    addStep(op, "global_avg_pool_backward",
            [=] { return ops::globalAvgPoolBackward(dy, shape, dx, o); });
    return Status::success();
  }
  if (auto bn = llvm::dyn_cast<md::BatchNormOp>(op))
    return bindBatchNorm(bn);
  if (auto bn = llvm::dyn_cast<md::BatchNormInferenceOp>(op)) {
    const float *x, *scale, *bias, *mean, *var;
    if (Status status = inputs(op,
                               {bn.getInput(), bn.getScale(), bn.getBias(),
                                bn.getRunningMean(), bn.getRunningVar()},
                               {&x, &scale, &bias, &mean, &var});
        !status)
      return status;
    ops::ChannelShape shape;
    if (Status status = channelShape(op, bn.getInput(), shape); !status)
      return status;
    const float epsilon = bn.getEpsilon().convertToFloat();
    auto fused = fusions.reluOfNorm.find(op);
    if (fused != fusions.reluOfNorm.end()) {
      float *y = allocate(fused->second->getResult(0));
      addStep(op, "batch_norm_inference+relu", [=] {
        return ops::batchNormInferenceRelu(x, scale, bias, mean, var, shape,
                                           epsilon, y, o);
      });
      return Status::success();
    }
    float *y = allocate(bn.getOutput());
    addStep(op, "batch_norm_inference", [=] {
      return ops::batchNormInference(x, scale, bias, mean, var, shape, epsilon,
                                     y, o);
    });
    return Status::success();
  }
  if (auto bn = llvm::dyn_cast<md::BatchNormBackwardOp>(op))
    return bindBatchNormBackward(bn);
  if (auto r = llvm::dyn_cast<md::RunningStatUpdateOp>(op)) {
    const float *mean, *var, *batchMean, *batchVar;
    if (Status status = inputs(op,
                               {r.getRunningMean(), r.getRunningVar(),
                                r.getBatchMean(), r.getBatchVar()},
                               {&mean, &var, &batchMean, &batchVar});
        !status)
      return status;
    float *newMean = allocate(r.getNewRunningMean());
    float *newVar = allocate(r.getNewRunningVar());
    const int64_t channels = elementsOf(r.getRunningMean());
    const int64_t count = int64_t(r.getCount());
    const float momentum = r.getMomentum().convertToFloat();
    addStep(op, "running_stat_update", [=] {
      std::memcpy(newMean, mean, size_t(channels) * sizeof(float));
      std::memcpy(newVar, var, size_t(channels) * sizeof(float));
      return ops::updateRunningStatistics(newMean, newVar, batchMean, batchVar,
                                          channels, count, momentum);
    });
    return Status::success();
  }
  if (auto s = llvm::dyn_cast<md::SoftmaxCrossEntropyOp>(op)) {
    const float *logits;
    const int32_t *labelData;
    if (Status status = input(op, s.getLogits(), logits); !status)
      return status;
    if (Status status = labels(op, s.getLabels(), labelData); !status)
      return status;
    const std::vector<int64_t> dims = shapeOf(s.getLogits());
    const ops::LossShape shape{dims[0], dims[1]};
    float *loss = allocate(s.getLoss());
    addStep(op, "softmax_cross_entropy", [=] {
      return ops::softmaxCrossEntropy(logits, labelData, shape, loss);
    });
    return Status::success();
  }
  if (auto s = llvm::dyn_cast<md::SoftmaxCrossEntropyBackwardOp>(op)) {
    const float *gradLoss, *logits;
    const int32_t *labelData;
    if (Status status =
            inputs(op, {s.getGradLoss(), s.getLogits()}, {&gradLoss, &logits});
        !status)
      return status;
    if (Status status = labels(op, s.getLabels(), labelData); !status)
      return status;
    const std::vector<int64_t> dims = shapeOf(s.getLogits());
    const ops::LossShape shape{dims[0], dims[1]};
    float *grad = allocate(s.getGradLogits());
    addStep(op, "softmax_cross_entropy_backward", [=] {
      return ops::softmaxCrossEntropyBackward(*gradLoss, logits, labelData,
                                              shape, grad);
    });
    return Status::success();
  }
  if (auto s = llvm::dyn_cast<md::SgdUpdateOp>(op)) {
    const float *param, *grad, *velocity, *lr;
    if (Status status = inputs(
            op, {s.getParam(), s.getGrad(), s.getMomentumBuffer(), s.getLr()},
            {&param, &grad, &velocity, &lr});
        !status)
      return status;
    float *newParam = allocate(s.getNewParam());
    float *newVelocity = allocate(s.getNewMomentumBuffer());
    const int64_t n = elementsOf(s.getParam());
    const float momentum = s.getMomentum().convertToFloat();
    const float decay = s.getWeightDecay().convertToFloat();
    addStep(op, "sgd_update", [=] {
      ops::sgdUpdate(param, grad, velocity, n, {*lr, momentum, decay}, newParam,
                     newVelocity, o);
      return Status::success();
    });
    return Status::success();
  }
  return opError(op, "unsupported op in a training module");
}

Status Binder::bindBatchNorm(md::BatchNormOp bn) {
  Operation *op = bn;
  const float *x, *scale, *bias;
  if (Status status = inputs(op, {bn.getInput(), bn.getScale(), bn.getBias()},
                             {&x, &scale, &bias});
      !status)
    return status;
  ops::ChannelShape shape;
  if (Status status = channelShape(op, bn.getInput(), shape); !status)
    return status;
  const float epsilon = bn.getEpsilon().convertToFloat();
  float *mean = allocate(bn.getBatchMean());
  float *var = allocate(bn.getBatchVar());
  const ops::OpOptions o = opOptions;
  auto fused = fusions.reluOfNorm.find(op);
  if (fused != fusions.reluOfNorm.end()) {
    float *y = allocate(fused->second->getResult(0));
    addStep(op, "batch_norm+relu", [=] {
      return ops::batchNormTrainingRelu(x, scale, bias, shape, epsilon, y, mean,
                                        var, o);
    });
    return Status::success();
  }
  float *y = allocate(bn.getOutput());
  addStep(op, "batch_norm", [=] {
    return ops::batchNormTraining(x, scale, bias, shape, epsilon, y, mean, var,
                                  o);
  });
  return Status::success();
}

Status Binder::bindBatchNormBackward(md::BatchNormBackwardOp bn) {
  Operation *op = bn;
  const float *dy, *x, *scale, *mean, *var;
  auto fused = fusions.maskOfNormBackward.find(op);
  md::ReluBackwardOp mask;
  Value gradOutput = bn.getGradOutput();
  if (fused != fusions.maskOfNormBackward.end()) {
    mask = llvm::cast<md::ReluBackwardOp>(fused->second);
    gradOutput = mask.getGradOutput();
  }
  if (Status status = inputs(op,
                             {gradOutput, bn.getInput(), bn.getScale(),
                              bn.getBatchMean(), bn.getBatchVar()},
                             {&dy, &x, &scale, &mean, &var});
      !status)
    return status;
  ops::ChannelShape shape;
  if (Status status = channelShape(op, bn.getInput(), shape); !status)
    return status;
  const float epsilon = bn.getEpsilon().convertToFloat();
  float *dx = allocate(bn.getGradInput());
  float *dscale = allocate(bn.getGradScale());
  float *dbias = allocate(bn.getGradBias());
  const ops::OpOptions o = opOptions;
  if (mask) {
    const float *activation;
    if (Status status = input(op, mask.getInput(), activation); !status)
      return status;
    addStep(op, "relu_backward+batch_norm_backward", [=] {
      return ops::reluBatchNormBackward(dy, activation, x, scale, mean, var,
                                        shape, epsilon, dx, dscale, dbias, o);
    });
    return Status::success();
  }
  addStep(op, "batch_norm_backward", [=] {
    return ops::batchNormBackward(dy, x, scale, mean, var, shape, epsilon, dx,
                                  dscale, dbias, o);
  });
  return Status::success();
}

} // namespace dfp::runtime::session
