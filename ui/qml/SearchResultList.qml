// The results of a SearchModel, newest first; a busy indicator while searching.
import QtQuick
import QtQuick.Controls
import GlmChat

ListView {
    id: root

    required property SearchModel results

    signal resultActivated(int conversationId, int messageId)

    clip: true
    model: results
    cacheBuffer: 400
    ScrollBar.vertical: ScrollBar {}

    delegate: SearchResultDelegate {
        width: ListView.view.width
        onActivated: (conversationId, messageId) => root.resultActivated(conversationId, messageId)
    }

    Label {
        anchors.centerIn: parent
        width: parent.width - 32
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        visible: root.count === 0 && !root.results.searching
        text: root.results.errorText.length > 0 ? root.results.errorText : qsTr("No messages match.")
        opacity: 0.6
    }
    BusyIndicator {
        anchors.centerIn: parent
        running: root.results.searching && root.count === 0
        visible: running
    }
}
