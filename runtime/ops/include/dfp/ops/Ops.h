#ifndef DFP_OPS_OPS_H
#define DFP_OPS_OPS_H

// The FP32 kernels the training runtime runs for every op that is not a DFP
// contraction: NCHW tensors as plain pointers, shapes in small structs.
#include "dfp/ops/BatchNorm.h"
#include "dfp/ops/Elementwise.h"
#include "dfp/ops/Fp32Contraction.h"
#include "dfp/ops/Loss.h"
#include "dfp/ops/Pooling.h"
#include "dfp/ops/Sgd.h"
#include "dfp/ops/Shapes.h"

#endif // DFP_OPS_OPS_H
