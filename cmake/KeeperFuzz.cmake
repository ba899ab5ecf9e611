# Fuzz targets: a source file defining LLVMFuzzerTestOneInput, run two ways.
# - Every build links it with a replay main (REPLAY sources) into
#   <name>_fuzz_replay, a ctest that runs it over generated or corpus
#   inputs, so the target never rots where clang is not installed.
# - A clang build with -fsanitize=...,fuzzer-no-link (tools/sanitize.sh asan)
#   also links it with libFuzzer into <name>_fuzzer, and the ctest
#   <name>_libfuzzer fuzzes it for KEEPER_FUZZ_SECONDS (default 10) from its
#   seed corpus, tests/fuzz/corpus/<name>, into a scratch corpus in the build
#   tree (tools/fuzz.sh makes long runs).
#
#   keeper_fuzz_target(NAME TARGET src... REPLAY src... LIBS lib...
#                      [MAX_LEN bytes])
set(KEEPER_FUZZ_CORPUS_DIR ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus)
if(KEEPER_SANITIZE MATCHES "fuzzer-no-link")
  set(KEEPER_LIBFUZZER ON)
endif()

function(keeper_fuzz_target name)
  cmake_parse_arguments(FUZZ "" "MAX_LEN" "TARGET;REPLAY;LIBS" ${ARGN})
  if(NOT FUZZ_MAX_LEN)
    set(FUZZ_MAX_LEN 4096)
  endif()
  set(corpus ${KEEPER_FUZZ_CORPUS_DIR}/${name})
  add_executable(${name}_fuzz_replay ${FUZZ_TARGET} ${FUZZ_REPLAY})
  target_include_directories(${name}_fuzz_replay PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${name}_fuzz_replay PRIVATE
    KEEPER_FUZZ_CORPUS="${corpus}" KEEPER_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_link_libraries(${name}_fuzz_replay PRIVATE ${FUZZ_LIBS})
  add_test(NAME ${name}_fuzz_replay COMMAND ${name}_fuzz_replay)
  if(KEEPER_LIBFUZZER)
    add_executable(${name}_fuzzer ${FUZZ_TARGET})
    target_include_directories(${name}_fuzzer PRIVATE ${PROJECT_SOURCE_DIR})
    target_compile_definitions(${name}_fuzzer PRIVATE
      KEEPER_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    target_link_libraries(${name}_fuzzer PRIVATE ${FUZZ_LIBS})
    target_link_options(${name}_fuzzer PRIVATE -fsanitize=fuzzer)
    add_test(NAME ${name}_libfuzzer
      COMMAND ${PROJECT_SOURCE_DIR}/tests/fuzz/run_fuzzer.sh
              $<TARGET_FILE:${name}_fuzzer> ${corpus}
              ${CMAKE_CURRENT_BINARY_DIR}/${name}_fuzz ${FUZZ_MAX_LEN})
    set_tests_properties(${name}_libfuzzer PROPERTIES TIMEOUT 300)
  endif()
endfunction()
