# C++ view models (QML_ELEMENT classes under ui/models/).
list(APPEND GLM_UI_SOURCES
    models/app_info.h models/app_info.cpp)
