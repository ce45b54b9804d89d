// Tests that dfp-run executes imported ONNX node tests and writes outputs in
// the TensorProto layout of the test data.

// RUN: dfp-run --node-tests %onnx_data/node/test_relu --node-tests %onnx_data/node/test_gemm_all_attributes --node-tests %onnx_data/node/test_softmax_large_number -v | FileCheck %s --check-prefix=SUITE
// SUITE: PASS test_relu (Relu)
// SUITE: PASS test_gemm_all_attributes (Gemm)
// SUITE: PASS test_softmax_large_number (Softmax)
// SUITE: Gemm 1 0 0
// SUITE: total 3 0 0

// The written output, put back as the expected output of a copy of the
// test, passes the comparison.
// RUN: rm -rf %t && mkdir -p %t/test_relu/test_data_set_0
// RUN: dfp-run %onnx_data/node/test_relu/model.onnx -i %onnx_data/node/test_relu/test_data_set_0/input_0.pb -o %t/out
// RUN: cp %onnx_data/node/test_relu/model.onnx %t/test_relu/
// RUN: cp %onnx_data/node/test_relu/test_data_set_0/input_0.pb %t/test_relu/test_data_set_0/
// RUN: cp %t/out/output_0.pb %t/test_relu/test_data_set_0/
// RUN: dfp-run --node-tests %t --json %t/report.json | FileCheck %s --check-prefix=ROUNDTRIP
// RUN: FileCheck %s --check-prefix=JSON < %t/report.json
// ROUNDTRIP: Relu 1 0 0
// JSON: "ops": {
// JSON-NEXT: "Relu": {
// JSON-NEXT: "passed": 1,
// JSON-NEXT: "failed": 0,
// JSON-NEXT: "unsupported": 0
// JSON: "totals": {

// Unsupported and failing tests are counted, and a failure fails the run: a
// copy of test_relu expecting its own (partly negative) input as output fails.
// RUN: rm -rf %t/wrong && mkdir -p %t/wrong/test_relu/test_data_set_0
// RUN: cp %onnx_data/node/test_relu/model.onnx %t/wrong/test_relu/
// RUN: cp %onnx_data/node/test_relu/test_data_set_0/input_0.pb %t/wrong/test_relu/test_data_set_0/
// RUN: cp %onnx_data/node/test_relu/test_data_set_0/input_0.pb %t/wrong/test_relu/test_data_set_0/output_0.pb
// RUN: not dfp-run --node-tests %onnx_data/node/test_abs --node-tests %t/wrong -v | FileCheck %s --check-prefix=COUNTS
// COUNTS: UNSUPPORTED test_abs (Abs): node '<unnamed>' (Abs): op type is not supported
// COUNTS: FAIL test_relu (Relu)
// COUNTS: total 0 1 1

// RUN: not dfp-run %onnx_data/node/test_relu/model.onnx -i %s -o %t/bad 2>&1 | FileCheck %s --check-prefix=BAD-INPUT
// BAD-INPUT: error: '{{.*}}dfp-run.mlir': not a valid ONNX TensorProto

// With --precision dfp16 the contractions are quantized by
// dfp-quantize-pipeline; the outputs are measured against the expected ones (max abs, max rel, mean abs error), not
// judged. Gemm is off by a little, Relu (no contraction) not at all.
// RUN: dfp-run --precision dfp16 --node-tests %onnx_data/node/test_gemm_all_attributes --node-tests %onnx_data/node/test_relu --json %t/dfp16.json | FileCheck %s --check-prefix=DFP16
// RUN: FileCheck %s --check-prefix=DFP16-JSON < %t/dfp16.json
// DFP16: op ran failed unsupported max abs err max rel err mean abs err
// DFP16-NEXT: Gemm 1 0 0 {{[1-9][0-9.]*e-0[4-6] +[1-9][0-9.]*e-0[3-6] +[1-9][0-9.]*e-0[4-7]}}
// DFP16-NEXT: Relu 1 0 0 0 0 0
// DFP16-JSON: "precision": "dfp16"
// DFP16-JSON: "Gemm": {
// DFP16-JSON-NEXT: "passed": 1,
// DFP16-JSON-NEXT: "failed": 0,
// DFP16-JSON-NEXT: "unsupported": 0,
// DFP16-JSON-NEXT: "max_abs_error": {{[1-9]}}
// DFP16-JSON-NEXT: "max_rel_error": {{[1-9]}}
// DFP16-JSON-NEXT: "mean_abs_error": {{[1-9]}}

// A single model runs in DFP16 too.
// RUN: dfp-run --precision dfp16 %onnx_data/node/test_gemm_all_attributes/model.onnx -i %onnx_data/node/test_gemm_all_attributes/test_data_set_0/input_0.pb -i %onnx_data/node/test_gemm_all_attributes/test_data_set_0/input_1.pb -i %onnx_data/node/test_gemm_all_attributes/test_data_set_0/input_2.pb -o %t/dfp16-out
// RUN: test -s %t/dfp16-out/output_0.pb

// -v names each DFP16 test as run, with its errors.
// RUN: dfp-run --precision dfp16 --node-tests %onnx_data/node/test_gemm_all_attributes -v | FileCheck %s --check-prefix=DFP16-V
// DFP16-V: RAN test_gemm_all_attributes (Gemm): max abs err {{[1-9]}}{{.*}}, max rel err {{[1-9]}}{{.*}}, mean abs err {{[1-9]}}
