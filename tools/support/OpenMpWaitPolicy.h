#ifndef DFP_TOOLS_OPENMPWAITPOLICY_H
#define DFP_TOOLS_OPENMPWAITPOLICY_H

#include "dfp/reference/Status.h"

namespace dfp::tools {

/// libgomp (oneDNN's OpenMP runtime) reads OMP_WAIT_POLICY once, when it
/// loads. Left unset, its idle workers spin for milliseconds after each
/// oneDNN call and take the cores from whatever runs next (measured 1.5x
/// slower dfp kernels in dfp-bench). When the variable is unset this sets
/// it to "passive" and re-executes the program, so it returns only when the
/// policy was already set or the re-execution failed (an error).
Status makeOpenMpWaitPassive(char **argv);

/// The OMP_WAIT_POLICY in effect ("passive", or what the user set).
const char *openMpWaitPolicy();

} // namespace dfp::tools

#endif // DFP_TOOLS_OPENMPWAITPOLICY_H
