// The conversation sidebar: search field, the list of conversations grouped by day (lazy
// loaded), a notice when the history has a problem, and an undo bar after a delete.
// Place it in the main window and react to its signals; it owns no window-level state.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

Pane {
    id: root

    // The conversations and the search results, made by the app with its history store.
    required property ConversationListModel conversations
    required property SearchModel searchResults
    // The conversation the chat view shows, highlighted in the list.
    property int currentConversationId: -1

    signal conversationSelected(int conversationId)
    signal searchResultActivated(int conversationId, int messageId)
    signal newConversationRequested()
    // The main window asks for a file name (FileDialog), then calls exportToFile() below.
    signal exportRequested(int conversationId)

    function exportToFile(conversationIds, fileUrl, format) {
        root.conversations.exportToFile(conversationIds, fileUrl, format)
    }
    function suggestedExportName(conversationId, format) {
        return root.conversations.suggestedExportName(conversationId, format)
    }
    function importFromFile(fileUrl) {
        root.conversations.importFromFile(fileUrl)
    }
    function focusSearch() {
        search.focusField()
    }

    padding: 0

    Binding {
        target: root.conversations
        property: "currentConversationId"
        value: root.currentConversationId
    }
    Connections {
        target: root.conversations
        function onExportFinished(ok, message) { statusBar.show(message) }
        function onImportFinished(ok, message) { statusBar.show(message) }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 8
            spacing: 6

            SearchPanel {
                id: search
                Layout.fillWidth: true
                results: root.searchResults
                showResults: false
            }
            Button {
                objectName: "newChatButton"
                text: qsTr("New chat")
                onClicked: root.newConversationRequested()
            }
        }

        NoticeBar {
            objectName: "storeNotice"
            Layout.fillWidth: true
            text: root.conversations.storeNotice
            onDismissed: root.conversations.dismissStoreNotice()
        }
        NoticeBar {
            Layout.fillWidth: true
            text: root.conversations.errorText
            onDismissed: root.conversations.clearErrorText()
        }

        SearchResultList {
            objectName: "searchResults"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: search.active
            results: search.results
            onResultActivated: (conversationId, messageId) => root.searchResultActivated(conversationId, messageId)
        }

        ListView {
            id: list
            objectName: "conversationList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !search.active
            clip: true
            model: root.conversations
            // A bounded cache: delegates exist for what is on screen and a little more.
            cacheBuffer: 400
            section.property: "section"
            section.criteria: ViewSection.FullString
            section.delegate: SectionHeading {
                width: ListView.view.width
            }
            delegate: ConversationDelegate {
                width: ListView.view.width
                onSelected: id => root.conversationSelected(id)
                onRenameRequested: (id, title) => root.conversations.rename(id, title)
                onPinRequested: (id, pinned) => root.conversations.setPinned(id, pinned)
                onDeleteRequested: id => {
                    root.conversations.remove(id)
                    undoBar.show()
                }
                onExportRequested: id => root.exportRequested(id)
            }
            ScrollBar.vertical: ScrollBar {}

            Label {
                anchors.centerIn: parent
                width: parent.width - 32
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                visible: list.count === 0 && !root.conversations.loading
                text: qsTr("No conversations yet. Your chats will be listed here.")
                opacity: 0.6
            }
        }

        UndoBar {
            id: undoBar
            objectName: "undoBar"
            Layout.fillWidth: true
            available: root.conversations.canUndoRemove
            text: qsTr("Deleted “%1”").arg(root.conversations.lastRemovedTitle.length > 0
                                             ? root.conversations.lastRemovedTitle : qsTr("New conversation"))
            onUndo: root.conversations.undoRemove()
        }

        StatusLine {
            id: statusBar
            Layout.fillWidth: true
        }
    }
}
