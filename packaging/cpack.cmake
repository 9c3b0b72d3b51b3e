# CPack: which packages `cmake --build build --target package` (or `cpack` in the build folder)
# makes, and what they declare. Platform install rules are in linux.cmake, windows/, macos/.
set(CPACK_VERBATIM_VARIABLES ON)
set(CPACK_PACKAGE_NAME glm-chat)
set(CPACK_PACKAGE_VENDOR "GLM Chat developers")
set(CPACK_PACKAGE_CONTACT "${GLM_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "GLM Chat runs the open bilingual GLM models (ChatGLM-6B, ChatGLM2-6B, ChatGLM3-6B, GLM-4-9B) \
on your own graphics card through its own Vulkan compute engine, offline. It contains the \
desktop app glm-chat and the command-line tool glm-cli.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "GLM Chat")
set(CPACK_PACKAGE_EXECUTABLES glm-chat "GLM Chat")
set(CPACK_STRIP_FILES ON)
string(TOLOWER "${CMAKE_SYSTEM_NAME}" _glm_system)
set(CPACK_PACKAGE_FILE_NAME "glm-chat-${PROJECT_VERSION}-${_glm_system}-${CMAKE_SYSTEM_PROCESSOR}")

if(WIN32)
    set(CPACK_GENERATOR "NSIS;ZIP")
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
else()
    set(CPACK_GENERATOR "DEB;TGZ")
endif()

# --- .deb -------------------------------------------------------------------------------------
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # glm-chat_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# dpkg-shlibdeps reads the binaries' DT_NEEDED (libc, libstdc++, the Qt 6 libraries, ...) and
# adds them with their minimum versions. It cannot see what is loaded at run time:
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(_glm_runtime_depends
    # the engine's tokenizers (listed even while the linker's --as-needed drops them from
    # DT_NEEDED because no code calls them yet; shlibdeps adds versions once it does)
    libsentencepiece0
    libpcre2-8-0
    # the Vulkan loader: the engine dlopen()s libvulkan.so.1 (inference/src/vulkan/vulkan_api.cpp)
    libvulkan1
    # the QSQLITE driver plugin (conversation store)
    libqt6sql6-sqlite
    # QML modules imported by the UI (and by the Qt modules it imports)
    qml6-module-qtquick
    qml6-module-qtquick-controls
    qml6-module-qtquick-layouts
    qml6-module-qtquick-templates
    qml6-module-qtquick-window
    qml6-module-qtqml-workerscript
    qml6-module-qtqml-models
    qml6-module-qtquick-dialogs
    # Qt's own FileDialog (used where the desktop offers no native one) imports
    # Qt.labs.folderlistmodel; without it the dialog fails to load.
    qml6-module-qt-labs-folderlistmodel)
list(JOIN _glm_runtime_depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
# A Vulkan driver (Mesa covers AMD/Intel and, as lavapipe, any CPU; NVIDIA's driver provides
# vulkan-icd too), a CJK font for Chinese text, Qt's Wayland platform plugin, and Qt's GTK
# platform theme: with it, GNOME-like desktops get their own file chooser (type a path, scroll,
# keyboard) instead of Qt's simple QML file dialog.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "mesa-vulkan-drivers | vulkan-icd, fonts-noto-cjk | fonts-wqy-microhei, qt6-wayland, qt6-gtk-platformtheme")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "vulkan-tools")

# --- Windows (NSIS) and macOS (DragNDrop) settings live with their install rules ------------

include(CPack)
