// The bar above the chat: which model talks (generation, weights, device, memory) or what is
// happening to it, and the buttons for opening a model, the model manager, the chat menu (export,
// import, about) and the settings.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

ToolBar {
    id: root

    required property ModelController model
    property bool canExport: false
    property bool sidebarOpen: true

    signal sidebarToggleRequested()
    signal openFileRequested()
    signal exportRequested()
    signal importRequested()
    signal modelManagerRequested()
    signal settingsRequested()
    signal aboutRequested()

    readonly property bool loading: model.status === ModelController.Loading

    background: Rectangle {
        color: Theme.window
        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            height: 1
            color: Theme.border
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 4
        anchors.rightMargin: 4
        spacing: Theme.spacing

        ToolButton {
            objectName: "sidebarToggleButton"
            text: "☰"
            checkable: true
            checked: root.sidebarOpen
            onClicked: root.sidebarToggleRequested()
            ToolTip.visible: hovered
            ToolTip.text: root.sidebarOpen ? qsTr("Hide the chats (Ctrl+B)") : qsTr("Show the chats (Ctrl+B)")
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0
            Label {
                objectName: "modelNameLabel"
                Layout.fillWidth: true
                Layout.minimumWidth: Math.min(implicitWidth, 120)
                elide: Text.ElideRight
                font.bold: true
                font.pixelSize: Theme.fontSize + 1
                text: {
                    switch (root.model.status) {
                    case ModelController.Ready: return root.model.fileName
                    case ModelController.Loading: return qsTr("Loading %1…").arg(root.model.loadingFileName)
                    case ModelController.Failed: return qsTr("No model loaded")
                    default: return qsTr("No model")
                    }
                }
            }
            Label {
                objectName: "modelDetailsLabel"
                Layout.fillWidth: true
                visible: root.model.status === ModelController.Ready
                elide: Text.ElideRight
                color: Theme.mutedText
                font.pixelSize: Theme.fontSize - 2
                HoverHandler { id: detailsHover }
                ToolTip.visible: detailsHover.hovered
                ToolTip.text: root.model.modelName + "\n" + root.model.modelPath
                // The CPU backend holds the weights in RAM, a GPU in its video memory.
                text: (root.model.onCpuBackend ? qsTr("%1 · %2 · %3 · %4 in memory · context %5")
                                               : qsTr("%1 · %2 · %3 · %4 in video memory · context %5"))
                      .arg(root.model.generationName).arg(root.model.weightType)
                      .arg(root.model.deviceName).arg(root.model.memoryText)
                      .arg(root.model.contextLength)
            }
        }
        ProgressBar {
            visible: root.loading
            Layout.preferredWidth: 160
            value: root.model.progress
        }
        ToolButton {
            visible: root.loading
            text: qsTr("Cancel")
            onClicked: root.model.cancelLoading()
        }
        ToolButton {
            objectName: "openModelButton"
            text: qsTr("Open…")
            onClicked: root.openFileRequested()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Open a GGUF model file (Ctrl+O)")
        }
        ToolButton {
            objectName: "modelManagerButton"
            text: qsTr("Models")
            onClicked: root.modelManagerRequested()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Download and manage models")
        }
        ToolButton {
            id: moreButton
            objectName: "chatMenuButton"
            text: "⋯"
            onClicked: chatMenu.open()
            ToolTip.visible: hovered && !chatMenu.visible
            ToolTip.text: qsTr("Export and import chats, about GLM Chat")
            Menu {
                id: chatMenu
                y: moreButton.height
                MenuItem {
                    text: qsTr("Export this chat…")
                    enabled: root.canExport
                    onTriggered: root.exportRequested()
                }
                MenuItem {
                    text: qsTr("Import chats…")
                    onTriggered: root.importRequested()
                }
                MenuSeparator {}
                MenuItem {
                    objectName: "aboutMenuItem"
                    text: qsTr("About GLM Chat…")
                    onTriggered: root.aboutRequested()
                }
            }
        }
        ToolButton {
            objectName: "settingsButton"
            text: qsTr("Settings")
            onClicked: root.settingsRequested()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Settings (Ctrl+,)")
        }
    }
}
