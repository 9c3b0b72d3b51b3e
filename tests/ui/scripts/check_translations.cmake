# cmake -DLUPDATE=... -DSOURCES_LIST=... -DTS=...zh_CN.ts -DWORK_DIR=... -P check_translations.cmake
# Fails when lupdate, run on the current sources, leaves a message of TS without a translation.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
get_filename_component(_name ${TS} NAME)
set(_copy ${WORK_DIR}/${_name})
file(COPY_FILE ${TS} ${_copy})
execute_process(COMMAND ${LUPDATE} -locations none -no-obsolete @${SOURCES_LIST} -ts ${_copy}
                RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${_rc}):\n${_out}")
endif()
file(READ ${_copy} _ts)
# No ';' in the text, which would split CMake list items (entities such as &quot; have one).
string(REPLACE ";" "," _ts "${_ts}")
# One <message> per match; keep those whose translation is unfinished.
string(REGEX MATCHALL "<message[^>]*>[^<]*<source>[^<]*</source>([^<]|<[^/]|</[^m])*</message>"
       _messages "${_ts}")
set(_missing "")
foreach(_m IN LISTS _messages)
    if(_m MATCHES "type=\"unfinished\"" OR _m MATCHES "<translation>[ \t\n]*</translation>")
        string(REGEX MATCH "<source>[^<]*</source>" _source "${_m}")
        string(APPEND _missing "  ${_source}\n")
    endif()
endforeach()
if(_missing)
    message(FATAL_ERROR "untranslated in ${_name} (update it with the glm_translations_update "
                        "target, then translate):\n${_missing}")
endif()
list(LENGTH _messages _count)
message(STATUS "${_name}: all ${_count} messages translated")
