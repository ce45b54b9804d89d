import os

import lit.formats

config.name = "dfpc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unittests"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dfp_obj_root, "test")


def tool_substitution(name, directory):
    # Tools are named by full path so the tests never depend on PATH; the
    # pattern matches whole words only so paths such as %s stay intact.
    pattern = r"(?<![\w./-])" + name + r"(?![\w./-])"
    return (pattern, os.path.join(directory, name))


for tool in ["dfp-opt", "dfp-translate", "dfp-run"]:
    config.substitutions.append(tool_substitution(tool, config.dfp_tools_dir))
for tool in ["FileCheck", "not", "count", "llc", "mlir-translate"]:
    config.substitutions.append(tool_substitution(tool, config.llvm_tools_dir))

# The ONNX backend test models (Debian package libonnx-testdata).
config.substitutions.append(
    ("%onnx_data", "/usr/share/libonnx-testdata/data"))
