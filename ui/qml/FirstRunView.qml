// What the window shows while no model can chat: how to get one (first run), the progress of a
// load, or why a load failed and what to do about it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

Item {
    id: root

    required property ModelController model
    property bool modelManagerAvailable: true

    signal openFileRequested()
    signal modelManagerRequested()

    readonly property int status: model.status

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(root.width - 48, 560)
        spacing: 14

        Label {
            objectName: "firstRunTitle"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.pixelSize: 22
            font.bold: true
            color: Theme.text
            text: root.status === ModelController.Loading ? qsTr("Loading %1…").arg(root.model.loadingFileName)
                  : root.status === ModelController.Failed ? qsTr("The model could not be loaded")
                  : qsTr("Welcome to GLM Chat")
        }

        // First run: what to do.
        Label {
            Layout.fillWidth: true
            visible: root.status === ModelController.NoModel
            wrapMode: Text.Wrap
            color: Theme.text
            text: qsTr("GLM Chat runs ChatGLM and GLM-4 models on your own graphics card; nothing you write leaves this computer. To start, you need a model: download one, or open a GGUF file you already have.")
        }
        RowLayout {
            visible: root.status === ModelController.NoModel || root.status === ModelController.Failed
            spacing: Theme.spacing
            Button {
                objectName: "firstRunDownloadButton"
                visible: root.modelManagerAvailable
                text: qsTr("Download a model…")
                highlighted: root.status === ModelController.NoModel
                onClicked: root.modelManagerRequested()
            }
            Button {
                objectName: "firstRunOpenButton"
                text: root.status === ModelController.Failed ? qsTr("Open another model…") : qsTr("Open a GGUF file…")
                onClicked: root.openFileRequested()
            }
            Button {
                objectName: "retryLoadButton"
                visible: root.status === ModelController.Failed
                text: qsTr("Try again")
                onClicked: root.model.reloadModel()
            }
        }
        Label {
            Layout.fillWidth: true
            visible: root.status === ModelController.NoModel
            wrapMode: Text.Wrap
            color: Theme.mutedText
            text: qsTr("You can also drop a .gguf file onto this window, or start GLM Chat with the file: glm-chat path/to/model.gguf")
        }

        // Loading.
        ProgressBar {
            Layout.fillWidth: true
            visible: root.status === ModelController.Loading
            value: root.model.progress
        }
        Button {
            visible: root.status === ModelController.Loading
            text: qsTr("Cancel")
            onClicked: root.model.cancelLoading()
        }

        // Failed: why, and what to do.
        Label {
            objectName: "failureReason"
            Layout.fillWidth: true
            visible: root.status === ModelController.Failed
            wrapMode: Text.Wrap
            font.bold: true
            color: Theme.errorText
            text: root.model.failureReason
        }
        Label {
            Layout.fillWidth: true
            visible: root.status === ModelController.Failed && text.length > 0
            wrapMode: Text.Wrap
            color: Theme.text
            text: root.model.failureSuggestion
        }
        TextEdit {
            Layout.fillWidth: true
            visible: root.status === ModelController.Failed && text.length > 0
            readOnly: true
            selectByMouse: true
            wrapMode: TextEdit.Wrap
            color: Theme.mutedText
            font.pixelSize: Theme.fontSize - 2
            text: root.model.failureDetail
        }
    }
}
