pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import GlmChat

// The installed models: open, delete (after asking), show in folder, import a .gguf file.
ColumnLayout {
    id: pane

    required property InstalledModelsModel library

    spacing: 6

    RowLayout {
        Layout.fillWidth: true
        Label {
            Layout.fillWidth: true
            elide: Text.ElideMiddle
            opacity: 0.7
            text: qsTr("Models folder: %1").arg(pane.library.modelsDirectory)
        }
        CheckBox {
            id: moveInstead
            text: qsTr("Move instead of copy")
        }
        Button {
            objectName: "importButton"
            text: qsTr("Import .gguf…")
            enabled: !pane.library.importing
            onClicked: fileDialog.open()
        }
    }

    RowLayout {
        Layout.fillWidth: true
        visible: pane.library.importing
        ProgressBar {
            Layout.fillWidth: true
            value: pane.library.importProgress
        }
        Button {
            text: qsTr("Cancel")
            onClicked: pane.library.cancelImport()
        }
    }

    RowLayout {
        Layout.fillWidth: true
        visible: pane.library.notice !== ""
        Label {
            objectName: "libraryNotice"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: pane.library.notice
        }
        Button {
            text: qsTr("Dismiss")
            onClicked: pane.library.dismissNotice()
        }
    }

    RowLayout {
        Layout.fillWidth: true
        visible: pane.library.lastError !== ""
        Label {
            objectName: "libraryError"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: "#c62828"
            text: pane.library.lastError
        }
        Button {
            text: qsTr("Dismiss")
            onClicked: pane.library.clearError()
        }
    }

    Label {
        visible: installedList.count === 0 && !pane.library.busy
        text: qsTr("No models installed yet. Download one, or import a .gguf file.")
        opacity: 0.7
    }

    ListView {
        id: installedList
        objectName: "installedList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 6
        model: pane.library
        ScrollBar.vertical: ScrollBar {}
        delegate: InstalledModelDelegate {
            width: installedList.width - 12
            library: pane.library
            onDeleteRequested: (row, name) => {
                confirmDelete.row = row
                confirmDelete.modelName = name
                confirmDelete.open()
            }
        }
    }

    Dialog {
        id: confirmDelete
        objectName: "confirmDelete"
        property int row: -1
        property string modelName
        anchors.centerIn: Overlay.overlay
        // A constant width (narrower than the window's 560 px minimum): with an implicit one the
        // button box and the dialog sized each other, and with one bound to the pane's width the
        // title's elided header and the dialog's implicitHeight did (binding loops).
        width: 460
        modal: true
        title: qsTr("Delete %1?").arg(modelName)
        standardButtons: Dialog.Yes | Dialog.No
        Label {
            width: confirmDelete.availableWidth
            wrapMode: Text.Wrap
            text: qsTr("The files are removed from the disk. Downloading them again takes time.")
        }
        onAccepted: pane.library.remove(row)
    }

    FileDialog {
        id: fileDialog
        title: qsTr("Import a GGUF model")
        nameFilters: [qsTr("GGUF models (*.gguf)")]
        onAccepted: pane.library.importGguf(selectedFile, moveInstead.checked)
    }
}
