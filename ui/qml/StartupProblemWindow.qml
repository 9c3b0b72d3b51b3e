// Shown instead of the main window when GLM Chat cannot start (its data folder cannot be
// written, another instance holds it and does not answer): a person who double-clicked the
// app never sees a message on the terminal. Says what is wrong; offers another data folder
// where that helps.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import GlmChat

ApplicationWindow {
    id: window

    required property string message
    property bool offerFolder: false

    signal folderChosen(url folder)
    signal quitRequested()

    function chooseFolder(folder) { window.folderChosen(folder) }

    width: 560
    height: Math.max(220, content.implicitHeight + 48)
    minimumWidth: 400
    visible: true
    title: qsTr("GLM Chat cannot start")
    color: Theme.window
    onClosing: window.quitRequested()

    ColumnLayout {
        id: content
        anchors.fill: parent
        anchors.margins: 24
        spacing: 16

        Label {
            Layout.fillWidth: true
            text: window.title
            font.pixelSize: 18
            font.bold: true
            color: Theme.text
        }
        Label {
            objectName: "startupProblemMessage"
            Layout.fillWidth: true
            text: window.message
            wrapMode: Text.Wrap
            color: Theme.text
            textFormat: Text.PlainText
        }
        Item { Layout.fillHeight: true }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            spacing: Theme.spacing
            Button {
                objectName: "chooseDataFolderButton"
                visible: window.offerFolder
                text: qsTr("Use another folder…")
                onClicked: folderDialog.open()
            }
            Button {
                objectName: "quitButton"
                text: qsTr("Quit")
                highlighted: !window.offerFolder
                onClicked: window.quitRequested()
            }
        }
    }

    FolderDialog {
        id: folderDialog
        title: qsTr("Choose a folder for GLM Chat's settings, chats and models")
        onAccepted: window.chooseFolder(selectedFolder)
    }
}
