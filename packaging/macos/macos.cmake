# macOS (UNTESTED: no Mac here; see packaging/README.md). The DragNDrop .dmg holds
#   glm-chat.app/Contents/MacOS/glm-chat
#   glm-chat.app/Contents/Resources/glm-chat.icns, Resources/glm-chat/ (data, found by
#       InstallPaths as <exe dir>/../Resources/glm-chat)
#   glm-chat.app/Contents/Frameworks/ Qt frameworks (macdeployqt), libvulkan.1.dylib and
#       libMoltenVK.dylib (Vulkan on Metal), Resources/vulkan/icd.d/MoltenVK_icd.json
#   bin/glm-cli (installed by app/CMakeLists.txt; finds its data only through GLM_DATA_DIR)
set(_glm_bundle_contents glm-chat.app/Contents)
set(_glm_data_dest ${_glm_bundle_contents}/Resources/glm-chat)

set(_glm_icns ${GLM_RESOURCES_DIR}/icons/glm-chat.icns)
target_sources(glm-chat PRIVATE ${_glm_icns})
set_source_files_properties(${_glm_icns} TARGET_DIRECTORY glm-chat
                            PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
set_target_properties(glm-chat PROPERTIES
    MACOSX_BUNDLE_INFO_PLIST ${CMAKE_CURRENT_LIST_DIR}/Info.plist.in
    MACOSX_BUNDLE_BUNDLE_NAME "GLM Chat"
    MACOSX_BUNDLE_GUI_IDENTIFIER ${GLM_APP_ID}
    MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION}
    MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION}
    MACOSX_BUNDLE_ICON_FILE glm-chat.icns)

# Qt frameworks, plugins and the QML modules glm-chat imports (runs macdeployqt at install).
qt_generate_deploy_qml_app_script(TARGET glm-chat FILENAME_VARIABLE _glm_deploy_script)
install(SCRIPT ${_glm_deploy_script})

# Vulkan on macOS = MoltenVK (Vulkan over Metal), a "portability" implementation: the engine
# enables VK_KHR_portability_enumeration (instance) and VK_KHR_portability_subset (device) when
# present (inference/src/vulkan/instance.cpp, device.cpp). Both dylibs come from the LunarG
# Vulkan SDK (or Homebrew: molten-vk, vulkan-loader) and ship inside the bundle, where the loader
# looks for the ICD manifest under Contents/Resources/vulkan/icd.d.
find_library(GLM_VULKAN_LOADER_LIBRARY NAMES vulkan.1 vulkan)
find_library(GLM_MOLTENVK_LIBRARY NAMES MoltenVK)
if(GLM_VULKAN_LOADER_LIBRARY AND GLM_MOLTENVK_LIBRARY)
    install(FILES ${GLM_VULKAN_LOADER_LIBRARY} ${GLM_MOLTENVK_LIBRARY}
            DESTINATION ${_glm_bundle_contents}/Frameworks FOLLOW_SYMLINK_CHAIN)
    configure_file(${CMAKE_CURRENT_LIST_DIR}/MoltenVK_icd.json.in
                   ${GLM_GENERATED_DIR}/MoltenVK_icd.json @ONLY)
    install(FILES ${GLM_GENERATED_DIR}/MoltenVK_icd.json
            DESTINATION ${_glm_bundle_contents}/Resources/vulkan/icd.d)
else()
    message(WARNING "Vulkan loader or MoltenVK not found (install the Vulkan SDK): the .dmg "
                    "will not contain them and glm-chat will find no GPU on Macs without them.")
endif()

set(CPACK_DMG_VOLUME_NAME "GLM Chat")
set(CPACK_DMG_FORMAT UDZO)
