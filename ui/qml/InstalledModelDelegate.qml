import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

// One installed model or downloaded checkpoint.
Frame {
    id: row

    required property InstalledModelsModel library
    required property int index
    required property string name
    required property string path
    required property int kind // InstalledModelsModel.Kind
    required property string sizeText
    required property string fileType
    required property string architecture
    required property string problem
    required property string modelId
    required property bool verified
    required property bool loaded
    required property bool outside
    required property string deleteBlockedReason

    signal deleteRequested(int row, string name)

    // The non-empty parts, separated by a middle dot.
    function joined(parts: list<string>): string {
        let out = ""
        for (let i = 0; i < parts.length; ++i)
            if (parts[i] !== "") out += (out === "" ? "" : " · ") + parts[i]
        return out
    }

    RowLayout {
        anchors.fill: parent
        spacing: 8

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            RowLayout {
                spacing: 6
                Label {
                    text: row.name
                    font.bold: true
                }
                Label {
                    objectName: "loaded-" + row.index
                    visible: row.loaded
                    text: qsTr("Loaded")
                    color: "#2e7d32"
                    font.bold: true
                }
                Label {
                    visible: row.outside
                    text: qsTr("opened from another folder")
                    opacity: 0.7
                }
            }
            Label {
                Layout.fillWidth: true
                elide: Text.ElideMiddle
                opacity: 0.7
                text: (row.kind === InstalledModelsModel.Gguf
                       ? row.joined([row.fileType, row.architecture, row.sizeText])
                       : qsTr("Downloaded checkpoint, ready to convert · %1").arg(row.sizeText)
                         + (row.verified ? "" : qsTr(" · not verified")))
                      + "\n" + row.path
            }
            Label {
                objectName: "deleteBlocked-" + row.index
                Layout.fillWidth: true
                visible: row.deleteBlockedReason !== ""
                wrapMode: Text.Wrap
                opacity: 0.7
                text: row.deleteBlockedReason
            }
            Label {
                Layout.fillWidth: true
                visible: row.problem !== ""
                wrapMode: Text.Wrap
                color: "#c62828"
                text: qsTr("Cannot be read: %1").arg(row.problem)
            }
        }
        Button {
            objectName: "open-" + row.index
            visible: row.kind === InstalledModelsModel.Gguf
            enabled: row.problem === ""
            text: qsTr("Open")
            onClicked: row.library.open(row.index)
        }
        Button {
            text: qsTr("Show in folder")
            onClicked: row.library.showInFolder(row.index)
        }
        Button {
            objectName: "delete-" + row.index
            text: qsTr("Delete")
            enabled: row.deleteBlockedReason === ""
            onClicked: row.deleteRequested(row.index, row.name)
            // Disabled buttons get no hover events: the reason shows on the row instead.
        }
    }
}
