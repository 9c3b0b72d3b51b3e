// About GLM Chat: the version, and "Copy diagnostics", which puts what a bug report needs on the
// clipboard (versions, OS, the Vulkan devices, the loaded model, the last log lines: AppInfo).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

Dialog {
    id: dialog

    required property AppInfo appInfo
    property bool copied: false

    title: qsTr("About GLM Chat")
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(480, (parent ? parent.width : 480) - 40)
    onOpened: copied = false

    header: Label {
        text: dialog.title
        color: Theme.text
        font.bold: true
        font.pixelSize: Theme.fontSize + 2
        padding: 12
        bottomPadding: 0
    }
    footer: DialogButtonBox {
        palette: aboutPane.palette
        Button {
            objectName: "copyDiagnosticsButton"
            text: qsTr("Copy diagnostics")
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            onClicked: {
                dialog.appInfo.copyDiagnostics()
                dialog.copied = true
            }
        }
        Button {
            objectName: "closeAboutButton"
            text: qsTr("Close")
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
        }
    }

    // The same palette-following pane as the settings (Qt 6.4 does not pass a changed window
    // palette on to an open popup).
    contentItem: Pane {
        id: aboutPane
        background: null
        palette.window: Theme.surface
        palette.windowText: Theme.text
        palette.base: Theme.surface
        palette.text: Theme.text
        palette.button: Theme.surface
        palette.buttonText: Theme.text
        palette.highlight: Theme.selection
        palette.highlightedText: Theme.text
        palette.mid: Theme.border
        palette.dark: Theme.border
        palette.light: Theme.surface

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing
            Label {
                objectName: "aboutVersionLabel"
                Layout.fillWidth: true
                text: qsTr("GLM Chat %1 (Qt %2)").arg(dialog.appInfo.version).arg(dialog.appInfo.qtVersion)
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Chat with GLM language models on your own graphics card.")
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.mutedText
                text: qsTr("For a bug report, “Copy diagnostics” copies the versions, the graphics devices, the loaded model and the last log lines as text; paste it into the report.")
            }
            Label {
                objectName: "diagnosticsCopiedLabel"
                Layout.fillWidth: true
                visible: dialog.copied
                text: qsTr("Copied to the clipboard.")
            }
        }
    }
}
