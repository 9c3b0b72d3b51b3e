// One message of the chat: the question in a bubble on the right, the answer across the view
// with its Markdown pieces, a notice when it was stopped or failed, its speed, and the actions.
// The role names are those of MessageListModel.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

Item {
    id: root

    required property ChatController chat
    required property int index
    required property int role // MessageListModel.Author
    required property string text
    required property int messageState // MessageListModel.MessageState
    required property string errorText
    required property SegmentListModel segments
    required property int siblingIndex
    required property int siblingCount
    required property double tokensPerSecond
    required property double timeToFirstTokenMs
    required property int generatedTokens
    required property string modelName
    required property string thinking
    required property bool hasThinking
    required property double thinkingMs

    readonly property bool isUser: role === MessageListModel.User
    readonly property bool isLast: index === ListView.view.count - 1
    readonly property bool streaming: messageState === MessageListModel.Streaming
    property bool editing: false

    readonly property real available: Math.min(width - 32, Theme.messageMaxWidth)
    // The list's viewport over this message, in the coordinates of `content`: pieces of a long
    // message far from it are not built (MessageSegment).
    readonly property real viewTop: ListView.view ? ListView.view.contentY - y - bubble.y - content.y
                                                  : -Infinity
    readonly property real viewBottom: ListView.view ? viewTop + ListView.view.height : Infinity

    implicitHeight: bubble.height + 12

    Rectangle {
        id: bubble
        objectName: root.isUser ? "userMessage" : "assistantMessage"
        readonly property real padding: root.isUser ? 12 : 4
        y: 6
        x: root.isUser ? (root.width + root.available) / 2 - width : (root.width - root.available) / 2
        width: root.isUser && !root.editing
               ? Math.min(root.available * 0.85, Math.max(content.implicitWidth, 120) + 2 * padding)
               : root.available
        height: content.implicitHeight + 2 * padding
        radius: Theme.radius * 1.5
        color: root.isUser ? Theme.userBubble : "transparent"

        ColumnLayout {
            id: content
            x: bubble.padding
            y: bubble.padding
            width: bubble.width - 2 * bubble.padding
            spacing: 6

            Label {
                visible: !root.isUser
                text: root.modelName.length > 0 ? root.modelName : qsTr("Assistant")
                font.bold: true
                color: Theme.mutedText
                font.pixelSize: Theme.fontSize - 2
            }

            // Made only for a reply with a thinking part (a reasoning model's).
            Loader {
                Layout.fillWidth: true
                Layout.bottomMargin: active ? 6 : 0
                active: !root.isUser && root.hasThinking
                visible: active && !root.editing
                sourceComponent: ThinkingBlock {
                    thinking: root.thinking
                    thinkingMs: root.thinkingMs
                    streaming: root.streaming
                }
            }

            Repeater {
                model: root.editing ? null : root.segments
                delegate: MessageSegment {
                    Layout.fillWidth: true
                    viewTop: root.viewTop
                    viewBottom: root.viewBottom
                    textWidth: root.available - 2 * bubble.padding
                    onCopyRequested: row => root.chat.copyText(root.segments.codeAt(row))
                }
            }

            BusyIndicator {
                visible: root.streaming && root.segments.count === 0 && !root.hasThinking
                running: visible
                implicitWidth: 28
                implicitHeight: 28
            }

            // Made only while editing: it holds the whole text (a long message would be laid
            // out a second time, in full, for nothing).
            Loader {
                id: editor
                active: root.editing
                visible: active
                Layout.fillWidth: true
                sourceComponent: MessageEditor {
                    originalText: root.text
                    canSend: root.chat.canSend
                    onCancelled: root.editing = false
                    onSendRequested: text => {
                        if (root.chat.editAndResend(root.index, text))
                            root.editing = false
                    }
                }
            }

            MessageNotice {
                objectName: "messageNotice"
                Layout.fillWidth: true
                visible: root.errorText.length > 0
                text: root.errorText
                isError: root.messageState === MessageListModel.Error
            }

            RowLayout {
                Layout.fillWidth: true
                visible: !root.streaming && !root.editing
                spacing: Theme.spacing
                Label {
                    visible: !root.isUser && root.generatedTokens > 0
                    text: qsTr("%1 tokens/s · first token after %2 ms")
                          .arg(Number(root.tokensPerSecond).toLocaleString(Qt.locale(), "f", 1))
                          .arg(Math.round(root.timeToFirstTokenMs))
                    color: Theme.mutedText
                    font.pixelSize: Theme.fontSize - 3
                }
                Item { Layout.fillWidth: true }
                MessageActions {
                    isUser: root.isUser
                    canEdit: root.chat.canSend
                    canRegenerate: root.isLast && root.chat.canRegenerate
                    siblingIndex: root.siblingIndex
                    siblingCount: root.siblingCount
                    canSwitch: !root.chat.generating
                    onCopyRequested: root.chat.copyMessage(root.index)
                    onEditRequested: {
                        root.editing = true
                        editor.item.focusEditor()
                    }
                    onRegenerateRequested: root.chat.regenerate()
                    onSwitchRequested: delta => root.chat.switchBranch(root.index, delta)
                }
            }
        }
    }
}
