// Search across all chats: a field, and (unless showResults is false, when a parent shows
// `results` itself) the matching messages with highlighted snippets. Activating a result
// emits the conversation and message to open.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

FocusScope {
    id: root

    // The search results (made by the app with its history store); the field sets the query.
    required property SearchModel results
    property alias query: field.text
    property bool showResults: true
    readonly property bool active: field.text.trim().length > 0

    signal resultActivated(int conversationId, int messageId)

    function focusField() {
        field.forceActiveFocus()
        field.selectAll()
    }

    implicitWidth: 240
    implicitHeight: showResults && active ? 400 : field.implicitHeight

    Binding {
        target: root.results
        property: "query"
        value: field.text
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 4

        TextField {
            id: field
            objectName: "searchField"
            Layout.fillWidth: true
            focus: true
            placeholderText: qsTr("Search all chats")
            selectByMouse: true
            Accessible.name: qsTr("Search all chats")
            Keys.onEscapePressed: text = ""
        }

        SearchResultList {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: root.showResults && root.active
            results: root.results
            onResultActivated: (conversationId, messageId) => root.resultActivated(conversationId, messageId)
        }
    }
}
