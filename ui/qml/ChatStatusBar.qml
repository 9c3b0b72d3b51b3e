// The line under the composer: what the chat wants the user to know (e.g. old rounds left out
// of the context), and the speed of the last reply.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

Rectangle {
    id: root

    required property ChatController chat

    implicitHeight: Math.max(26, row.implicitHeight + 8)
    color: Theme.window

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 12
        spacing: Theme.spacing

        Label {
            objectName: "chatNotice"
            Layout.fillWidth: true
            // Wrapped, never cut: a notice is only useful whole.
            wrapMode: Text.Wrap
            text: root.chat.notice
            color: Theme.noticeText
            font.pixelSize: Theme.fontSize - 2
        }
        Label {
            objectName: "speedLabel"
            color: Theme.mutedText
            font.pixelSize: Theme.fontSize - 2
            text: root.chat.generating
                  ? qsTr("Generating…")
                  : root.chat.hasStats
                    ? qsTr("%1 tokens/s · first token after %2 ms · %n token(s)", "", root.chat.generatedTokens)
                      .arg(Number(root.chat.tokensPerSecond).toLocaleString(Qt.locale(), "f", 1))
                      .arg(Math.round(root.chat.timeToFirstTokenMs))
                    : ""
        }
    }
}
