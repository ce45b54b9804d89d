#include "NodeContext.h"

namespace mlir::dfp::onnx_import {

const ConverterTable &converterTable() {
  static const ConverterTable table = [] {
    ConverterTable converters;
    registerContractionConverters(converters);
    registerElementwiseConverters(converters);
    registerLossConverters(converters);
    registerNormalizationConverters(converters);
    registerPoolingConverters(converters);
    registerShapeConverters(converters);
    return converters;
  }();
  return table;
}

} // namespace mlir::dfp::onnx_import
