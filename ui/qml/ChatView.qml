// The messages of the conversation, oldest first. While a reply streams the view stays at the
// bottom, unless the reader scrolled up; a new message (sent, regenerated) is always shown.
// Delegates exist only for what is near the screen (and of a long message, only the pieces near
// the screen: MessageSegment).
import QtQuick
import QtQuick.Controls
import GlmChat

ListView {
    id: view

    required property ChatController chat

    // Follow new text while the reader is at the bottom.
    property bool followTail: true
    property bool scrollingToEnd: false

    function scrollToEnd() {
        scrollingToEnd = true
        positionViewAtEnd()
        scrollingToEnd = false
    }

    objectName: "chatView"
    clip: true
    model: chat.messages
    spacing: 2
    cacheBuffer: 1200
    boundsBehavior: Flickable.StopAtBounds
    topMargin: 12
    bottomMargin: 12

    delegate: MessageDelegate {
        chat: view.chat
        width: ListView.view.width
    }

    ScrollBar.vertical: ScrollBar {}

    Connections {
        target: view.model
        function onMessageAdded() {
            view.followTail = true
            Qt.callLater(view.scrollToEnd)
        }
    }

    onContentYChanged: {
        if (!scrollingToEnd)
            // (The content starts at originY, not 0: a ListView moves its origin as delegates
            // of other heights replace its estimates.)
            followTail = originY + contentHeight + bottomMargin - (contentY + height) < 48
    }
    onContentHeightChanged: if (followTail) scrollToEnd()
    onCountChanged: {
        if (count === 0 || followTail) {
            followTail = true
            Qt.callLater(scrollToEnd)
        }
    }
}
