# Writes one shell's completion script: OUT = `IRT completion SHELL_NAME`.
# Run at build time with a private, empty HOME and config (HOME), so that
# the builder's own irt settings cannot change or break the script.
get_filename_component(dir ${OUT} DIRECTORY)
file(MAKE_DIRECTORY ${dir})
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env HOME=${HOME} XDG_CONFIG_HOME=${HOME}/config
          XDG_DATA_HOME=${HOME}/data IRT_ACTOR=build ASAN_OPTIONS=detect_leaks=0
          ${IRT} completion ${SHELL_NAME}
  OUTPUT_FILE ${OUT}.tmp
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUT}.tmp)
  message(FATAL_ERROR "irt completion ${SHELL_NAME} failed: ${rc}")
endif()
file(RENAME ${OUT}.tmp ${OUT})
