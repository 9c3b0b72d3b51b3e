// A reasoning model's thinking above its answer (GLM-Z1's "<think>" part). While the model
// thinks the block is open and grows with the text ("Thinking…"); when the answer starts it
// folds to one line with how long it took ("Thought for 12 s"). A click on that line opens or
// folds it again. A reply stopped mid-thought keeps its thinking, open ("Thinking (unfinished)").
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

ColumnLayout {
    id: block

    required property string thinking
    required property double thinkingMs // -1: the thought has not ended (or never did)
    required property bool streaming

    readonly property bool finished: thinkingMs >= 0
    // null: follow the reply (open while it thinks, folded once it answers); else the reader's.
    property var readerChoice: null
    readonly property bool expanded: readerChoice === null ? !finished : readerChoice

    objectName: "thinkingBlock"
    spacing: 4

    AbstractButton {
        id: header
        objectName: "thinkingHeader"
        Layout.fillWidth: true
        implicitHeight: headerRow.implicitHeight + 8
        hoverEnabled: true
        Accessible.name: title.text
        onClicked: block.readerChoice = !block.expanded

        contentItem: RowLayout {
            id: headerRow
            spacing: 6
            Label {
                text: block.expanded ? "▾" : "▸"
                color: Theme.mutedText
            }
            BusyIndicator {
                visible: block.streaming && !block.finished
                running: visible
                implicitWidth: 16
                implicitHeight: 16
            }
            Label {
                id: title
                objectName: "thinkingTitle"
                Layout.fillWidth: true
                color: header.hovered ? Theme.text : Theme.mutedText
                font.pixelSize: Theme.fontSize - 1
                elide: Text.ElideRight
                text: block.finished
                      ? qsTr("Thought for %1 s").arg(Math.max(1, Math.round(block.thinkingMs / 1000)))
                      : block.streaming ? qsTr("Thinking…") : qsTr("Thinking (unfinished)")
            }
        }
    }

    // The thinking itself: plain text, quieter than the answer, with a rule on its left.
    Item {
        Layout.fillWidth: true
        visible: block.expanded && block.thinking.length > 0
        implicitHeight: body.implicitHeight

        Rectangle {
            width: 2
            height: parent.height
            color: Theme.border
        }
        TextEdit {
            id: body
            objectName: "thinkingText"
            x: 12
            width: parent.width - 12
            readOnly: true
            selectByMouse: true
            wrapMode: Text.Wrap
            textFormat: TextEdit.PlainText
            text: block.thinking
            color: Theme.mutedText
            selectionColor: Theme.selection
            selectedTextColor: Theme.text
            font.pixelSize: Theme.fontSize - 1
        }
    }
}
