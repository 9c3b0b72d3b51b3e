// A fenced code block of a reply: monospace, its language, and a button that copies the code.
// A long block comes in pieces (`continued`: a piece after the first): only the first has the
// header, and its button copies the whole block.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

Rectangle {
    id: root

    required property string code
    required property string language
    property bool continued: false

    signal copyRequested(string code)

    implicitHeight: column.implicitHeight
    color: Theme.codeBackground
    border.color: Theme.border
    radius: Theme.radius

    ColumnLayout {
        id: column
        width: parent.width
        spacing: 0

        RowLayout {
            visible: !root.continued
            Layout.fillWidth: true
            Layout.leftMargin: 12
            Layout.rightMargin: 4
            Label {
                Layout.fillWidth: true
                text: root.language.length > 0 ? root.language : qsTr("code")
                color: Theme.mutedText
                font.pixelSize: Theme.fontSize - 2
            }
            ToolButton {
                id: copyButton
                objectName: "copyCodeButton"
                property bool copied: false
                text: copied ? qsTr("Copied") : qsTr("Copy")
                font.pixelSize: Theme.fontSize - 2
                onClicked: {
                    root.copyRequested(root.code)
                    copied = true
                    copiedTimer.restart()
                }
                Timer {
                    id: copiedTimer
                    interval: 1500
                    onTriggered: copyButton.copied = false
                }
            }
        }
        Rectangle {
            visible: !root.continued
            Layout.fillWidth: true
            implicitHeight: 1
            color: Theme.border
        }
        TextEdit {
            Layout.fillWidth: true
            padding: 12
            text: root.code
            textFormat: TextEdit.PlainText
            readOnly: true
            selectByMouse: true
            wrapMode: TextEdit.WrapAtWordBoundaryOrAnywhere
            color: Theme.text
            selectionColor: Theme.accent
            selectedTextColor: Theme.accentText
            font.family: UiFonts.monospace
            font.pixelSize: Theme.fontSize - 1
        }
    }
}
