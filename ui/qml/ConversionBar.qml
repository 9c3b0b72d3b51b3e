pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import GlmChat

// The model manager's conversion strip: progress and cancel of a running conversion, "Import
// folder…" for a Hugging Face checkpoint the user already has, and the offer to delete a
// converted download's fp16 checkpoint (after asking).
ColumnLayout {
    id: bar

    // May be null (no converter in this build of the dialog): the strip then hides itself.
    property ConversionController conversion: null
    // The type "Import folder…" converts to: its own choice, shown next to the button.
    readonly property string importType: importTypeChoice.currentText
    readonly property bool busy: conversion !== null && conversion.busy
    readonly property string status: conversion !== null ? conversion.statusText : ""
    readonly property string error: conversion !== null ? conversion.errorText : ""
    readonly property string deletable: conversion !== null ? conversion.deletableCheckpoint : ""
    readonly property string deletableSize: conversion !== null ? conversion.deletableCheckpointSize : ""
    readonly property string tokenizerWarning: conversion !== null ? conversion.tokenizerWarning : ""

    // Converts `folder` to the chosen import type (what the folder dialog calls; tests too).
    function importFolder(folder: url) {
        bar.conversion.importFolder(folder, bar.importType)
    }

    visible: conversion !== null

    spacing: 4

    RowLayout {
        Layout.fillWidth: true
        spacing: 8

        Button {
            objectName: "importFolderButton"
            text: qsTr("Import folder…")
            enabled: !bar.busy
            onClicked: folderDialog.open()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Convert a Hugging Face checkpoint folder (config.json and weights) to %1").arg(bar.importType)
        }
        Label {
            text: qsTr("as")
        }
        ComboBox {
            id: importTypeChoice
            objectName: "importTypeChoice"
            enabled: !bar.busy
            model: bar.conversion !== null ? bar.conversion.outputTypes : []
        }
        ProgressBar {
            objectName: "conversionProgress"
            Layout.fillWidth: true
            visible: bar.busy
            from: 0
            to: 1
            value: bar.conversion !== null ? bar.conversion.progress : 0
        }
        Label {
            objectName: "conversionProgressText"
            visible: bar.busy
            text: bar.conversion !== null ? bar.conversion.progressText : ""
        }
        Label {
            Layout.fillWidth: true
            visible: !bar.busy
            elide: Text.ElideRight
            text: bar.status
        }
        Button {
            objectName: "cancelConversionButton"
            text: qsTr("Cancel")
            visible: bar.busy
            onClicked: bar.conversion.cancel()
        }
    }

    // A folder without its tokenizer file: say which file and where, then let the user choose.
    RowLayout {
        Layout.fillWidth: true
        visible: bar.tokenizerWarning.length > 0
        spacing: 8
        Label {
            objectName: "tokenizerWarning"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: "#ef6c00"
            text: bar.tokenizerWarning
        }
        Button {
            objectName: "convertAnywayButton"
            text: qsTr("Convert anyway")
            onClicked: bar.conversion.convertAnyway()
        }
        Button {
            objectName: "cancelImportButton"
            text: qsTr("Cancel")
            onClicked: bar.conversion.cancelPendingImport()
        }
    }

    Label {
        objectName: "conversionError"
        Layout.fillWidth: true
        visible: bar.error.length > 0
        wrapMode: Text.Wrap
        color: "#c0392b"
        text: bar.error
    }

    RowLayout {
        Layout.fillWidth: true
        visible: bar.deletable.length > 0
        spacing: 8
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("The converted model is ready. The downloaded checkpoint (%1) is no longer needed.")
                  .arg(bar.deletableSize)
        }
        Button {
            objectName: "deleteCheckpointButton"
            text: qsTr("Delete checkpoint…")
            onClicked: confirmDelete.open()
        }
    }

    FolderDialog {
        id: folderDialog
        title: qsTr("Choose a Hugging Face checkpoint folder")
        onAccepted: bar.importFolder(selectedFolder)
    }

    MessageDialog {
        id: confirmDelete
        title: qsTr("Delete the checkpoint?")
        text: qsTr("Delete the downloaded checkpoint (%1)? The converted model stays; downloading the checkpoint again takes as long as the first time.")
              .arg(bar.deletableSize)
        buttons: MessageDialog.Yes | MessageDialog.No
        onButtonClicked: function (button) {
            if (button === MessageDialog.Yes) bar.conversion.deleteCheckpoint()
        }
    }
}
