// Editing a sent question: the new text is sent as another version (the old one and its answer
// stay, reachable with the version switcher).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

ColumnLayout {
    id: root

    required property string originalText
    property bool canSend: true

    signal sendRequested(string text)
    signal cancelled()

    spacing: Theme.spacing

    function focusEditor() {
        editor.forceActiveFocus()
        editor.cursorPosition = editor.length
    }

    TextArea {
        id: editor
        objectName: "messageEditor"
        Layout.fillWidth: true
        text: root.originalText
        wrapMode: TextEdit.Wrap
        font.pixelSize: Theme.fontSize
        Keys.onEscapePressed: root.cancelled()
    }
    RowLayout {
        Layout.alignment: Qt.AlignRight
        Button {
            text: qsTr("Cancel")
            onClicked: root.cancelled()
        }
        Button {
            objectName: "sendEditButton"
            text: qsTr("Send")
            highlighted: true
            enabled: root.canSend && editor.text.trim().length > 0
            onClicked: root.sendRequested(editor.text)
        }
    }
}
