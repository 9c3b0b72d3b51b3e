# Translations of every visible string (QML qsTr, C++ tr) of the app: Simplified Chinese and
# English (English is the source language; its file carries the plural forms). The .ts files
# live in resources/translations/; the build compiles them to .qm files embedded as
# :/i18n/glm-chat_<lang>.qm (LanguageSwitcher loads them).
#
# `cmake --build build --target glm_translations_update` refreshes the .ts files from the
# sources. (lupdate is run on the files directly: Qt 6.4's qt_add_lupdate project mode spends
# minutes in the C++ parser on this tree.)
set(GLM_TS_FILES
    ${PROJECT_SOURCE_DIR}/resources/translations/glm-chat_zh_CN.ts
    ${PROJECT_SOURCE_DIR}/resources/translations/glm-chat_en.ts)
file(GLOB _glm_translated_sources CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/ui/qml/*.qml
     ${PROJECT_SOURCE_DIR}/ui/viewmodels/*.cpp ${PROJECT_SOURCE_DIR}/ui/viewmodels/*.h
     ${PROJECT_SOURCE_DIR}/app/core/*/*.cpp ${PROJECT_SOURCE_DIR}/app/core/*/*.h
     ${PROJECT_SOURCE_DIR}/app/chat/*.cpp ${PROJECT_SOURCE_DIR}/app/chat/*.h)
# The include roots, so that lupdate finds the classes behind folder-qualified includes
# ("downloads/download_task.h") and gives their strings the class's context.
set(_glm_translated_include_roots -I${PROJECT_SOURCE_DIR}/app/core -I${PROJECT_SOURCE_DIR}/ui)
add_custom_target(glm_translations_update
    COMMAND Qt6::lupdate -locations none -no-obsolete ${_glm_translated_include_roots}
            ${_glm_translated_sources} -ts ${GLM_TS_FILES}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "Updating the translation sources (resources/translations/*.ts)"
    VERBATIM)
qt_add_lrelease(glm_ui TS_FILES ${GLM_TS_FILES} QM_FILES_OUTPUT_VARIABLE _glm_qm_files)
qt_add_resources(glm_ui "glm_translations" PREFIX "/i18n" BASE ${CMAKE_CURRENT_BINARY_DIR}
                 FILES ${_glm_qm_files})
# For the test that the Chinese translation is complete (tests/ui/translations.cmake): the
# include roots and the sources lupdate reads, one per line.
string(REPLACE ";" "\n" _glm_translated_lines "${_glm_translated_include_roots};${_glm_translated_sources}")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/glm_translated_sources.lst "${_glm_translated_lines}\n")
set_property(GLOBAL PROPERTY GLM_TRANSLATED_SOURCES_LIST
             ${CMAKE_CURRENT_BINARY_DIR}/glm_translated_sources.lst)
