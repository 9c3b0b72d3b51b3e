# QML views (one per file, under ui/qml/).
list(APPEND GLM_UI_QML
    qml/Main.qml)
