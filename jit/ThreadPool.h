// The pool is public (dfp/jit/ThreadPool.h); jit sources include it here.
#include "dfp/jit/ThreadPool.h"
