#ifndef DFP_CONV_LIB_VIEWPLANNING_H
#define DFP_CONV_LIB_VIEWPLANNING_H

#include "dfp/conv/Conv.h"

namespace dfp::conv {

/// The in-place views (ConvPlan::inPlace) of a plan whose reduction is
/// planned. Forward: the input split into stride phases, one phase of
/// output pixels with every tap. Backward-data: the output gradient as is,
/// one phase per residue of the input pixel modulo the stride (stride gaps
/// drop taps).
void planForwardView(ConvPlan &plan);
void planBackwardDataView(ConvPlan &plan);

/// Replaces the plain view of a unit-stride forward or backward-data plan
/// by a shifted one (ConvPlan::viewColumnPlanes) when that computes at
/// least 10% (128 rows or more) or 20% fewer columns per minibatch.
void planShiftedView(ConvPlan &plan);

/// Fills Phase::chainOffsets and Phase::allTaps of an in-place forward or
/// backward-data plan.
void planChainOffsets(ConvPlan &plan);

/// Forward and backward-data read in place when chains own whole channel
/// pairs and the view's pair stride fits the kernels' displacements.
bool canReadInPlace(const ConvPlan &plan);

/// Re-plans a backward-filter in place when it can (see the definition);
/// false leaves the packed plan's reduction as it was.
bool planFilterView(ConvPlan &plan);

} // namespace dfp::conv

#endif // DFP_CONV_LIB_VIEWPLANNING_H
