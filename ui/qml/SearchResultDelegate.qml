// One search hit: the conversation's title and a snippet with the matches in bold.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

ItemDelegate {
    id: root

    required property int conversationId
    required property int messageId
    required property string conversationTitle
    required property int messageRole // SearchModel.Author
    required property string snippet

    signal activated(int conversationId, int messageId)

    onClicked: root.activated(root.conversationId, root.messageId)
    leftPadding: 12
    rightPadding: 12
    Accessible.name: conversationTitle

    // On the sidebar's colour, like the conversation rows.
    background: Rectangle {
        x: 4
        width: root.width - 8
        radius: Theme.radius / 2
        color: root.down || root.hovered || root.visualFocus ? Theme.hover : "transparent"
    }

    contentItem: ColumnLayout {
        spacing: 2
        Label {
            Layout.fillWidth: true
            text: root.conversationTitle.length > 0 ? root.conversationTitle : qsTr("New conversation")
            font.bold: true
            elide: Text.ElideRight
        }
        Label {
            objectName: "searchResultText"
            Layout.fillWidth: true
            // Escaped by the model; only <b> around the matches is markup.
            text: (root.messageId === 0 ? qsTr("Title: ") : root.messageRole === SearchModel.User ? qsTr("You: ") : "")
                  + root.snippet
            textFormat: Text.StyledText
            wrapMode: Text.Wrap
            maximumLineCount: 3
            elide: Text.ElideRight
            opacity: 0.85
        }
    }
}
