# Every visible string has its Simplified Chinese translation: lupdate reads the sources into a
# copy of glm-chat_zh_CN.ts, and the test fails on any message without a translation (a new
# qsTr/tr string nobody translated, or one whose English changed).
get_property(_glm_translated_list GLOBAL PROPERTY GLM_TRANSLATED_SOURCES_LIST)
add_test(NAME translations_complete
         COMMAND ${CMAKE_COMMAND} -DLUPDATE=$<TARGET_FILE:Qt6::lupdate>
                 -DSOURCES_LIST=${_glm_translated_list}
                 -DTS=${PROJECT_SOURCE_DIR}/resources/translations/glm-chat_zh_CN.ts
                 -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/translations_check
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/ui/scripts/check_translations.cmake)
set_tests_properties(translations_complete PROPERTIES LABELS ui TIMEOUT 300)
