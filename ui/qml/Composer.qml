// Where the question is typed. Enter sends, Shift+Enter starts a new line (Enter while an input
// method is composing confirms the composition), Esc stops the reply. The button sends or stops.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

Pane {
    id: root

    required property ChatController chat

    function focusInput() {
        input.forceActiveFocus()
    }
    function submit() {
        if (root.chat.send(input.text))
            input.clear()
        input.forceActiveFocus() // after a click on Send too: the next question is typed here
    }

    // A question the history could not store (disk full) comes back here, before anything
    // typed since.
    Connections {
        target: root.chat
        function onQuestionNotSent(text) {
            input.text = input.text.length > 0 ? text + "\n\n" + input.text : text
            input.cursorPosition = input.text.length
            input.forceActiveFocus()
        }
    }

    padding: Theme.spacing
    background: Rectangle {
        color: Theme.window
    }

    RowLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        ScrollView {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(Math.max(input.implicitHeight, 44), 200)
            Layout.alignment: Qt.AlignVCenter
            TextArea {
                id: input
                objectName: "composerInput"
                leftPadding: 12
                rightPadding: 12
                topPadding: 10
                bottomPadding: 10
                background: Rectangle {
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: input.activeFocus ? Theme.accent : Theme.border
                }
                placeholderText: qsTr("Message the model… (Enter to send, Shift+Enter for a new line)")
                wrapMode: TextEdit.Wrap
                font.pixelSize: Theme.fontSize
                focus: true
                Keys.onPressed: event => {
                    const enter = event.key === Qt.Key_Return || event.key === Qt.Key_Enter
                    if (enter && !(event.modifiers & Qt.ShiftModifier) && input.preeditText.length === 0) {
                        event.accepted = true
                        root.submit()
                    } else if (event.key === Qt.Key_Escape && root.chat.generating) {
                        event.accepted = true
                        root.chat.stop()
                    }
                }
            }
        }
        Button {
            objectName: "sendButton"
            Layout.alignment: Qt.AlignVCenter
            Layout.preferredHeight: 40
            text: root.chat.generating ? qsTr("Stop") : qsTr("Send")
            highlighted: !root.chat.generating
            enabled: root.chat.generating || (root.chat.canSend && input.text.trim().length > 0)
            onClicked: root.chat.generating ? root.chat.stop() : root.submit()
        }
    }
}
