// A one-line message across the window with a close button, or with a button that does
// something about it when `actionText` is set; hidden while `text` is empty.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

Rectangle {
    id: root

    property string text
    property bool isError: false
    // When set: a button with this text (emits `dismissed` too) instead of "×".
    property string actionText

    signal dismissed()

    visible: text.length > 0
    implicitHeight: visible ? row.implicitHeight + 8 : 0
    color: isError ? Theme.errorBackground : Theme.noticeBackground

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 4
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: root.text
            color: root.isError ? Theme.errorText : Theme.noticeText
        }
        ToolButton {
            visible: root.actionText.length === 0
            text: "×"
            onClicked: root.dismissed()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Dismiss")
        }
        Button {
            objectName: "bannerAction"
            visible: root.actionText.length > 0
            text: root.actionText
            onClicked: root.dismissed()
        }
    }
}
