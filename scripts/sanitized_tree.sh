# Sourced by scripts/fuzz.sh and scripts/sanitizers.sh: the one clang tree both use
# (build-sanitize/), at -O0 with line tables, AddressSanitizer and UBSan, and libFuzzer's coverage
# instrumentation on every library, so the fuzz targets link the very libraries the sanitized
# tests run on instead of compiling the parsers a second time (CI's time is mostly compiling).
configure_sanitized_tree() {
  CC=clang CXX=clang++ cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_FLAGS="-O0 -g1" -DAUTHSPEC_SANITIZE=ON -DAUTHSPEC_FUZZ=ON >/dev/null
}
