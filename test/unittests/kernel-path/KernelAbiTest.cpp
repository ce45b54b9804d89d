#include "dfp/abi/KernelAbi.h"
#include "dfp/abi/Symbols.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace {

DfpMemRef2D memref2d(void *data, int64_t rows, int64_t columns) {
  return {data, data, 0, {rows, columns}, {columns, 1}};
}
DfpMemRef1D memref1d(void *data, int64_t size) {
  return {data, data, 0, {size}, {1}};
}

std::string lastError() {
  const char *error = dfp_rt_last_error();
  return error ? error : "";
}

TEST(KernelAbi, DispatchIsCachedPerDescriptor) {
  dfp_rt_clear_error();
  void *first = dfp_rt_matmul_dispatch(4, 5, 6, 0, 0, 13, -1, 13, -1, 32);
  void *again = dfp_rt_matmul_dispatch(4, 5, 6, 0, 0, 13, -1, 13, -1, 32);
  void *other = dfp_rt_matmul_dispatch(4, 5, 6, 0, 0, 13, -1, 13, -1, 8);
  ASSERT_NE(first, nullptr) << lastError();
  EXPECT_EQ(first, again);
  EXPECT_NE(first, other);
  EXPECT_EQ(dfp_rt_last_error(), nullptr);
}

TEST(KernelAbi, ShapeMismatchNamesTheOperand) {
  dfp_rt_clear_error();
  void *kernel = dfp_rt_matmul_dispatch(2, 3, 4, 0, 0, 13, -1, 13, -1, 32);
  ASSERT_NE(kernel, nullptr) << lastError();
  std::vector<int16_t> a(12), b(12);
  std::vector<int32_t> ea{0}, eb{0};
  std::vector<float> c(6);
  DfpMemRef2D lhs = memref2d(a.data(), 3, 4), rhs = memref2d(b.data(), 4, 3),
              result = memref2d(c.data(), 2, 3);
  DfpMemRef1D lhsExp = memref1d(ea.data(), 1), rhsExp = memref1d(eb.data(), 1);
  EXPECT_EQ(dfp_rt_matmul_invoke(kernel, &lhs, &lhsExp, &rhs, &rhsExp, &result),
            DFP_RT_ERROR);
  EXPECT_NE(lastError().find("dfp_rt_matmul_invoke lhs: a 3x4 memref where "
                             "the kernel was dispatched for 2x4"),
            std::string::npos)
      << lastError();
}

TEST(KernelAbi, BadDescriptorsAreErrorsNotCrashes) {
  dfp_rt_clear_error();
  EXPECT_EQ(dfp_rt_matmul_dispatch(0, 3, 4, 0, 0, 13, -1, 13, -1, 32), nullptr);
  EXPECT_NE(lastError().find("m = 0"), std::string::npos) << lastError();
  dfp_rt_clear_error();
  EXPECT_EQ(dfp_rt_matmul_dispatch(2, 3, 4, 0, 0, 16, -1, 13, -1, 32), nullptr);
  EXPECT_FALSE(lastError().empty());
  dfp_rt_clear_error();
  EXPECT_EQ(dfp_rt_conv2d_dispatch(1, 1, 3, 5, 5, 4, 7, 7, 1, 1, 0, 0, 0, 0, 1,
                                   1, 1, 13, -1, 13, -1, 32),
            nullptr);
  EXPECT_NE(lastError().find("dfp_rt_conv2d_dispatch (conv2d_backward_data): "
                             "conv2d geometry"),
            std::string::npos)
      << lastError();
  dfp_rt_clear_error();
  EXPECT_EQ(dfp_rt_conv2d_dispatch(3, 1, 3, 5, 5, 4, 3, 3, 1, 1, 0, 0, 0, 0, 1,
                                   1, 1, 13, -1, 13, -1, 32),
            nullptr);
  EXPECT_NE(lastError().find("direction 3"), std::string::npos) << lastError();
  // An invoke of a failed dispatch keeps the dispatch's message.
  std::string dispatchError = lastError();
  EXPECT_EQ(dfp_rt_matmul_invoke(nullptr, nullptr, nullptr, nullptr, nullptr,
                                 nullptr),
            DFP_RT_ERROR);
  EXPECT_EQ(lastError(), dispatchError);
}

TEST(KernelAbi, BadThreadCountIsAnError) {
  dfp_rt_clear_error();
  setenv("DFP_NUM_THREADS", "zero", 1);
  EXPECT_EQ(dfp_rt_matmul_dispatch(2, 3, 4, 0, 0, 13, -1, 13, -1, 32), nullptr);
  unsetenv("DFP_NUM_THREADS");
  EXPECT_NE(lastError().find("DFP_NUM_THREADS='zero'"), std::string::npos)
      << lastError();
  dfp_rt_clear_error();
}

TEST(KernelAbi, SymbolsNameEveryEntryPoint) {
  std::vector<std::string> names;
  for (auto [name, address] : dfp::abi::kernelAbiSymbols()) {
    EXPECT_NE(address, nullptr) << name;
    names.push_back(name);
  }
  for (const char *expected :
       {"dfp_rt_matmul_dispatch", "_mlir_ciface_dfp_rt_matmul_invoke",
        "dfp_rt_conv2d_dispatch", "_mlir_ciface_dfp_rt_conv2d_invoke"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end())
        << expected;
}

} // namespace
