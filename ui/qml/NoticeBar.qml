// A one-message banner (e.g. "The chat history file was damaged..."), hidden when empty.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Pane {
    id: root

    property string text

    signal dismissed()

    visible: text.length > 0
    padding: 8

    background: Rectangle {
        color: Qt.rgba(0.95, 0.65, 0.1, 0.18)
        border.color: Qt.rgba(0.95, 0.65, 0.1, 0.6)
    }

    RowLayout {
        anchors.fill: parent
        spacing: 6
        Label {
            Layout.fillWidth: true
            text: root.text
            wrapMode: Text.Wrap
        }
        ToolButton {
            text: "✕"
            Accessible.name: qsTr("Dismiss")
            onClicked: root.dismissed()
        }
    }
}
