# shellcheck shell=bash
# Sourced by scripts/fuzz (and by hand before running a sanitized binary):
# the sanitizer runtime options of the `asan` and `fuzz` presets, which
# CMakePresets.json also sets for `ctest --preset asan|fuzz`.
# Why each option is there: test/sanitizers/README.md.
_dfp_sanitizers_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export ASAN_OPTIONS="allow_user_poisoning=0:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$_dfp_sanitizers_dir/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="suppressions=$_dfp_sanitizers_dir/ubsan.supp:print_stacktrace=1:halt_on_error=1"
unset _dfp_sanitizers_dir
