#include "ProcessMappings.h"
#include "TestSupport.h"

#include "dfp/Registration/InitAllDialects.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gmock/gmock.h>

#include <limits>

namespace dfp::testing {
namespace {

using ::testing::HasSubstr;

const char *kAddSource = R"mlir(
func.func @add(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %z = dfp.add %x, %y : tensor<2x3xf32>
  return %z : tensor<2x3xf32>
}
)mlir";

template <typename T> std::string errorOf(llvm::Expected<T> value) {
  if (value) {
    ADD_FAILURE() << "expected an error";
    return "";
  }
  return llvm::toString(value.takeError());
}

TEST(JitApi, CallsWithContiguousAndStridedViews) {
  std::unique_ptr<JitModule> module = compileOrFail(kAddSource);
  ASSERT_TRUE(module);
  EXPECT_EQ(module->functionNames(), std::vector<std::string>{"add"});
  std::vector<float> x = {1, 2, 3, 4, 5, 6};
  // y is the transpose of a 3x2 buffer, z every other element of 2x6.
  std::vector<float> yStorage = {10, 40, 20, 50, 30, 60};
  std::vector<float> z(12, 0.0f);
  auto status = module->call(
      "add",
      {JitArgument::of(TensorView::of(x.data(), {2, 3})),
       JitArgument::of(TensorView::of(yStorage.data(), {2, 3}, {1, 2}))},
      {JitArgument::of(TensorView::of(z.data(), {2, 3}, {6, 2}))});
  ASSERT_TRUE(bool(status)) << llvm::toString(status.takeError());
  EXPECT_FALSE(status->nonFiniteInput);
  EXPECT_EQ(z, (std::vector<float>{11, 0, 22, 0, 33, 0, 44, 0, 55, 0, 66, 0}));
}

TEST(JitApi, ReturnedArgumentsAreCopiedOut) {
  std::unique_ptr<JitModule> module = compileOrFail(R"mlir(
func.func @identity(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
})mlir");
  ASSERT_TRUE(module);
  std::vector<float> x = {1, 2, 3, 4}, y(4, 0.0f);
  auto status =
      module->call("identity", {JitArgument::of(TensorView::of(x.data(), {4}))},
                   {JitArgument::of(TensorView::of(y.data(), {4}))});
  ASSERT_TRUE(bool(status)) << llvm::toString(status.takeError());
  EXPECT_EQ(y, x);
}

TEST(JitApi, ParseErrorsNameTheLocation) {
  EXPECT_THAT(errorOf(JitModule::fromSource("func.func @f( {")),
              HasSubstr("cannot parse the module"));
  EXPECT_THAT(errorOf(JitModule::fromSource("func.func @f( {")),
              HasSubstr("loc("));
}

TEST(JitApi, VerifierErrorsAreReported) {
  const char *source = R"mlir(
func.func @f(%x: tensor<2xf32>) -> tensor<3xf32> {
  %y = dfp.relu %x : tensor<3xf32>
  return %y : tensor<3xf32>
})mlir";
  EXPECT_THAT(errorOf(JitModule::fromSource(source)),
              HasSubstr("cannot parse"));
}

TEST(JitApi, UnknownPipelineIsAnError) {
  JitOptions options;
  options.pipeline = "dfp-no-such-pipeline";
  EXPECT_THAT(errorOf(JitModule::fromSource(kAddSource, options)),
              HasSubstr("invalid pipeline 'dfp-no-such-pipeline'"));
}

TEST(JitApi, PipelineNotReachingLLVMIsAnError) {
  JitOptions options;
  options.pipeline = "canonicalize";
  EXPECT_THAT(errorOf(JitModule::fromSource(kAddSource, options)),
              HasSubstr("is not an llvm.func after the pipeline"));
}

TEST(JitApi, LoweringFailuresNameTheOp) {
  const char *source = R"mlir(
func.func @f(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>,
             %b: !dfp.tensor<8x2xi16, mag = 13, exp = tensor>) -> tensor<4x2xf32> {
  %c = dfp.matmul %a, %b : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x2xi16, mag = 13, exp = tensor> -> tensor<4x2xf32>
  return %c : tensor<4x2xf32>
})mlir";
  std::string message = errorOf(JitModule::fromSource(source));
  EXPECT_THAT(message, HasSubstr("pipeline 'dfp-lower-to-llvm' failed"));
  EXPECT_THAT(message, HasSubstr("needs `chain`"));
}

TEST(JitApi, MissingFileIsAnError) {
  EXPECT_THAT(errorOf(JitModule::fromFile("/nonexistent/dir/x.mlir")),
              HasSubstr("cannot read '/nonexistent/dir/x.mlir'"));
}

TEST(JitApi, ArgumentMismatchesNameTheArgument) {
  std::unique_ptr<JitModule> module = compileOrFail(kAddSource);
  ASSERT_TRUE(module);
  std::vector<float> x(6), y(6), z(6);
  std::vector<int32_t> wrongType(6);
  auto view = [](std::vector<float> &v) {
    return JitArgument::of(TensorView::of(v.data(), {2, 3}));
  };
  EXPECT_THAT(errorOf(module->call("add", {view(x)}, {view(z)})),
              HasSubstr("@add takes 2 inputs and 1 outputs, got 1 and 1"));
  EXPECT_THAT(
      errorOf(module->call(
          "add", {view(x), JitArgument::of(TensorView::of(y.data(), {3, 2}))},
          {view(z)})),
      HasSubstr("@add argument #1: expected shape [2x3], got [3x2]"));
  EXPECT_THAT(errorOf(module->call("add",
                                   {view(x), JitArgument::of(TensorView::of(
                                                 wrongType.data(), {2, 3}))},
                                   {view(z)})),
              HasSubstr("argument #1: expected element type f32, got i32"));
  EXPECT_THAT(
      errorOf(module->call("add", {view(x), JitArgument::i32(3)}, {view(z)})),
      HasSubstr("argument #1: expected a tensor (tensor<2x3xf32>), got an "
                "i32 scalar"));
  EXPECT_THAT(
      errorOf(module->call("add", {view(x), view(y)},
                           {JitArgument::of(TensorView::of(
                               static_cast<float *>(nullptr), {2, 3}))})),
      HasSubstr("result #0: null data"));
  EXPECT_THAT(errorOf(module->call("sub", {view(x), view(y)}, {view(z)})),
              HasSubstr("no public function @sub"));
}

TEST(JitApi, PipelineThatQuantizesReportsTheStatus) {
  // An f32 matmul that dfp-quantize-pipeline turns into a DFP16 one: the
  // lowered function gains the non-finite status the source did not have.
  std::unique_ptr<JitModule> module = compileOrFail(R"mlir(
func.func @mm(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> tensor<2x2xf32> {
  %c = dfp.matmul %a, %b : tensor<2x3xf32>, tensor<3x2xf32> -> tensor<2x2xf32>
  return %c : tensor<2x2xf32>
})mlir",
                                                    "dfp-quantize-pipeline,"
                                                    "dfp-lower-to-llvm");
  ASSERT_TRUE(module);
  EXPECT_THAT(*module->describe("mm"), HasSubstr("with non-finite status"));
  std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {1, 0, 0, 1, 1, 1}, c(4);
  auto call = [&] {
    return module->call("mm",
                        {JitArgument::of(TensorView::of(a.data(), {2, 3})),
                         JitArgument::of(TensorView::of(b.data(), {3, 2}))},
                        {JitArgument::of(TensorView::of(c.data(), {2, 2}))});
  };
  auto status = call();
  ASSERT_TRUE(bool(status)) << llvm::toString(status.takeError());
  EXPECT_FALSE(status->nonFiniteInput);
  EXPECT_EQ(c, (std::vector<float>{4, 5, 10, 11}));
  a[4] = std::numeric_limits<float>::infinity();
  status = call();
  ASSERT_TRUE(bool(status)) << llvm::toString(status.takeError());
  EXPECT_TRUE(status->nonFiniteInput);
}

TEST(JitApi, FromModuleLeavesTheCallersModuleUnchanged) {
  mlir::DialectRegistry registry;
  mlir::dfp::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(kAddSource, &context);
  ASSERT_TRUE(module);
  auto compiled = JitModule::fromModule(*module);
  ASSERT_TRUE(bool(compiled)) << llvm::toString(compiled.takeError());
  EXPECT_TRUE(module->lookupSymbol<mlir::func::FuncOp>("add"));
  EXPECT_THAT(*(*compiled)->describe("add"),
              HasSubstr("@add(tensor<2x3xf32>, tensor<2x3xf32>)"));
  std::vector<float> x(6, 1.0f), z(6);
  auto status =
      (*compiled)->call("add",
                        {JitArgument::of(TensorView::of(x.data(), {2, 3})),
                         JitArgument::of(TensorView::of(x.data(), {2, 3}))},
                        {JitArgument::of(TensorView::of(z.data(), {2, 3}))});
  ASSERT_TRUE(bool(status)) << llvm::toString(status.takeError());
  EXPECT_EQ(z, std::vector<float>(6, 2.0f));
}

// ORC maps code through its memory manager: no page may be writable and
// executable at once, before or after the first call.
TEST(JitApi, NoMappingIsWritableAndExecutable) {
  std::unique_ptr<JitModule> module = compileOrFail(kAddSource);
  ASSERT_TRUE(module);
  std::vector<float> x(6, 1.0f), z(6);
  auto status =
      module->call("add",
                   {JitArgument::of(TensorView::of(x.data(), {2, 3})),
                    JitArgument::of(TensorView::of(x.data(), {2, 3}))},
                   {JitArgument::of(TensorView::of(z.data(), {2, 3}))});
  ASSERT_TRUE(bool(status)) << llvm::toString(status.takeError());
  const std::vector<ProcessMapping> mappings = processMappings();
  ASSERT_FALSE(mappings.empty());
  int executable = 0;
  for (const ProcessMapping &mapping : mappings) {
    ASSERT_EQ(mapping.perms.size(), 4u) << mapping.line;
    EXPECT_FALSE(mapping.writable() && mapping.executable()) << mapping.line;
    executable += mapping.executable();
  }
  EXPECT_GT(executable, 0);
}

} // namespace
} // namespace dfp::testing
