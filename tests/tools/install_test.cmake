# Installs the build into a scratch prefix and checks what lands there: the
# binaries run from it (their RPATH finds the proto library), and the
# shipped data, flag file and systemd unit are in place.
#
#   cmake -DBUILD_DIR=... -DPREFIX=... -P install_test.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                OUTPUT_QUIET RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "cmake --install failed")
endif()
foreach(file bin/keeperd bin/keeper share/keeper/access_policy.json
             share/keeper/dev_certs.sh etc/keeper/keeperd.flags
             lib/systemd/system/keeperd.service)
  if(NOT EXISTS ${PREFIX}/${file})
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()
file(GLOB policies ${PREFIX}/share/keeper/policies/*.json)
if(NOT policies)
  message(FATAL_ERROR "no policies installed in share/keeper/policies")
endif()
file(READ ${PREFIX}/lib/systemd/system/keeperd.service unit)
if(NOT unit MATCHES "ExecStart=/[^\n]*/keeperd --flagfile=/[^\n]*/keeperd.flags")
  message(FATAL_ERROR "the unit does not start keeperd with its flag file")
endif()
# systemd accepts the unit, and its ExecStart names the installed keeperd.
find_program(SYSTEMD_ANALYZE systemd-analyze REQUIRED)
execute_process(COMMAND ${SYSTEMD_ANALYZE} verify
                        ${PREFIX}/lib/systemd/system/keeperd.service
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE failed)
if(failed OR err MATCHES "keeperd.service")
  message(FATAL_ERROR "systemd-analyze verify keeperd.service: ${out}${err}")
endif()
if(NOT unit MATCHES "ExecStart=${PREFIX}/bin/keeperd --flagfile=${PREFIX}/etc/keeper/keeperd.flags")
  message(FATAL_ERROR "the unit does not start the installed keeperd: ${unit}")
endif()
# The flag file example parses: keeperd reads it, then --version exits.
foreach(program keeperd keeper)
  set(flags)
  if(program STREQUAL keeperd)
    set(flags --flagfile=${PREFIX}/etc/keeper/keeperd.flags)
  endif()
  execute_process(COMMAND ${PREFIX}/bin/${program} ${flags} --version
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE failed)
  if(failed OR NOT out MATCHES "^${program} [0-9]")
    message(FATAL_ERROR "installed ${program} --version: ${out}${err}")
  endif()
endforeach()
file(REMOVE_RECURSE ${PREFIX})
