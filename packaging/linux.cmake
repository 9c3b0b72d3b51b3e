# Linux desktop integration, installed into the freedesktop/FHS places under the prefix:
#   share/applications/<id>.desktop         menu entry; opens .gguf files (MimeType, Exec %F)
#   share/metainfo/<id>.metainfo.xml         AppStream (software centres)
#   share/mime/packages/<id>.xml             the application/x-gguf type (glob + "GGUF" magic)
#   share/icons/hicolor/<N>x<N>/apps/<id>.png, .../scalable/apps/<id>.svg
# Debian's dpkg triggers (desktop-file-utils, shared-mime-info, hicolor-icon-theme) refresh the
# caches after installation, so the package needs no maintainer scripts.
set(_glm_data_dest ${GLM_DATA_INSTALL_DIR})
set(_glm_linux ${GLM_RESOURCES_DIR}/linux)

configure_file(${_glm_linux}/${GLM_APP_ID}.desktop.in ${GLM_GENERATED_DIR}/${GLM_APP_ID}.desktop
               @ONLY)
configure_file(${_glm_linux}/${GLM_APP_ID}.metainfo.xml.in
               ${GLM_GENERATED_DIR}/${GLM_APP_ID}.metainfo.xml @ONLY)

install(FILES ${GLM_GENERATED_DIR}/${GLM_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${GLM_GENERATED_DIR}/${GLM_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${_glm_linux}/${GLM_APP_ID}.mime.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME ${GLM_APP_ID}.xml)

# The PNGs are rendered from the SVG by resources/icons/render-icons.sh and committed.
set(GLM_ICON_SIZES 16 24 32 48 64 128 256 512)
foreach(_size IN LISTS GLM_ICON_SIZES)
    install(FILES ${GLM_RESOURCES_DIR}/icons/png/glm-chat-${_size}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${_size}x${_size}/apps
            RENAME ${GLM_APP_ID}.png)
endforeach()
install(FILES ${GLM_RESOURCES_DIR}/icons/glm-chat.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${GLM_APP_ID}.svg)

# qt_standard_project_setup() gives every target the install RUNPATH $ORIGIN:$ORIGIN/../lib (for
# Qt bundled next to the program). Ours link only system libraries, and Debian forbids a custom
# library search path in packaged binaries (lintian: custom-library-search-path).
set_target_properties(glm-chat glm-cli PROPERTIES INSTALL_RPATH "")
