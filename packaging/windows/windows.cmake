# Windows (UNTESTED: no Windows machine here; see packaging/README.md).
# Layout under the install prefix, the same as Linux so InstallPaths finds the data:
#   bin/glm-chat.exe, bin/glm-cli.exe, bin/Qt6*.dll + bin/qml/ + bin/plugins/ (windeployqt),
#   bin/<other dlls: sentencepiece, pcre2, zlib>, share/glm-chat/ (data)
# The Vulkan loader (vulkan-1.dll) is NOT shipped: the GPU driver installs it system-wide.

# Icon of the executable (Explorer, taskbar) and of the installer.
set(GLM_WINDOWS_ICON ${GLM_RESOURCES_DIR}/icons/glm-chat.ico)
file(TO_CMAKE_PATH "${GLM_WINDOWS_ICON}" _glm_ico_path)
configure_file(${CMAKE_CURRENT_LIST_DIR}/glm-chat.rc.in ${GLM_GENERATED_DIR}/glm-chat.rc @ONLY)
target_sources(glm-chat PRIVATE ${GLM_GENERATED_DIR}/glm-chat.rc)

# Qt DLLs, plugins and the QML modules glm-chat imports (runs windeployqt at install time).
qt_generate_deploy_qml_app_script(TARGET glm-chat FILENAME_VARIABLE _glm_deploy_script)
install(SCRIPT ${_glm_deploy_script})

# The non-Qt DLLs the programs link (e.g. from vcpkg), found next to them or on PATH.
install(CODE [[
    file(GET_RUNTIME_DEPENDENCIES
        EXECUTABLES "$<TARGET_FILE:glm-chat>" "$<TARGET_FILE:glm-cli>"
        DIRECTORIES "$<TARGET_FILE_DIR:glm-chat>" $ENV{PATH}
        RESOLVED_DEPENDENCIES_VAR _deps
        UNRESOLVED_DEPENDENCIES_VAR _missing
        PRE_EXCLUDE_REGEXES "^api-ms-" "^ext-ms-" "^vulkan-1\\.dll$" "^Qt6"
        POST_EXCLUDE_REGEXES "[Ss]ystem32" "[Ww]indows[/\\]")
    foreach(_dll IN LISTS _deps)
        file(INSTALL "${_dll}" DESTINATION "${CMAKE_INSTALL_PREFIX}/bin")
    endforeach()
    if(_missing)
        message(WARNING "glm-chat: DLLs not found, the package will lack them: ${_missing}")
    endif()
]])

set(CPACK_NSIS_PACKAGE_NAME "GLM Chat")
set(CPACK_NSIS_DISPLAY_NAME "GLM Chat ${PROJECT_VERSION}")
set(CPACK_NSIS_MUI_ICON ${GLM_WINDOWS_ICON})
set(CPACK_NSIS_MUI_UNIICON ${GLM_WINDOWS_ICON})
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\glm-chat.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_HELP_LINK "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
set(CPACK_NSIS_MUI_FINISHPAGE_RUN glm-chat.exe)
# Double-clicking a .gguf model opens it in GLM Chat (SHCTX: per machine or per user, as the
# installer runs). The uninstaller removes the association again.
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS [=[
  WriteRegStr SHCTX "Software\Classes\.gguf" "" "GlmChat.Model"
  WriteRegStr SHCTX "Software\Classes\GlmChat.Model" "" "GGUF language model"
  WriteRegStr SHCTX "Software\Classes\GlmChat.Model\DefaultIcon" "" "$INSTDIR\bin\glm-chat.exe,0"
  WriteRegStr SHCTX "Software\Classes\GlmChat.Model\shell\open\command" "" '"$INSTDIR\bin\glm-chat.exe" "%1"'
]=])
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS [=[
  DeleteRegKey SHCTX "Software\Classes\GlmChat.Model"
  DeleteRegValue SHCTX "Software\Classes\.gguf" ""
]=])
