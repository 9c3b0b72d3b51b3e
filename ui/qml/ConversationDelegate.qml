// One conversation in the sidebar: its title and time; click to open, double-click or the
// menu to rename in place, pin, export or delete.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

ItemDelegate {
    id: root

    required property int conversationId
    required property string title
    required property bool pinned
    required property string when
    required property bool isCurrent

    signal selected(int conversationId)
    signal renameRequested(int conversationId, string title)
    signal pinRequested(int conversationId, bool pinned)
    signal deleteRequested(int conversationId)
    signal exportRequested(int conversationId)

    readonly property string shownTitle: title.length > 0 ? title : qsTr("New conversation")
    property bool editing: false

    function startRename() {
        editor.text = root.title
        root.editing = true
        editor.forceActiveFocus()
        editor.selectAll()
    }

    highlighted: isCurrent
    // Text in line with the section headings; the menu button close to the edge.
    leftPadding: 12
    rightPadding: 6
    topPadding: 2
    bottomPadding: 2
    onClicked: root.selected(root.conversationId)
    onDoubleClicked: startRename()
    onPressAndHold: menu.popup()

    Accessible.name: shownTitle

    // Drawn on the sidebar's colour: nothing behind a plain row, a soft shade under the
    // pointer, the selection colour behind the conversation on screen.
    background: Rectangle {
        x: 4
        width: root.width - 8
        radius: Theme.radius / 2
        color: root.highlighted ? Theme.selection
                                : root.down || root.hovered ? Theme.hover : "transparent"
    }

    contentItem: RowLayout {
        spacing: 6
        opacity: root.editing ? 0 : 1
        Label {
            Layout.fillWidth: true
            text: root.shownTitle
            elide: Text.ElideRight
            font.italic: root.title.length === 0
        }
        Label {
            text: root.when
            opacity: 0.55
            font.pixelSize: 11
        }
        ToolButton {
            text: "⋯"
            // Hidden by opacity, not `visible`, so every row keeps the same height and the
            // time does not jump sideways under the pointer.
            readonly property bool shown: root.hovered || root.isCurrent || menu.visible
            opacity: shown ? 1 : 0
            enabled: shown
            implicitWidth: 28
            implicitHeight: 28
            padding: 0
            Accessible.name: qsTr("Conversation actions")
            onClicked: menu.popup()
        }
    }

    TextField {
        id: editor
        anchors.fill: parent
        anchors.margins: 2
        visible: root.editing
        selectByMouse: true
        maximumLength: 200
        Accessible.name: qsTr("Conversation title")
        onAccepted: {
            if (text.trim().length > 0 && text !== root.title)
                root.renameRequested(root.conversationId, text)
            root.editing = false
        }
        onActiveFocusChanged: if (!activeFocus) root.editing = false
        Keys.onEscapePressed: root.editing = false
    }

    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: menu.popup()
    }

    Menu {
        id: menu
        MenuItem {
            text: qsTr("Rename")
            onTriggered: root.startRename()
        }
        MenuItem {
            text: root.pinned ? qsTr("Unpin") : qsTr("Pin to top")
            onTriggered: root.pinRequested(root.conversationId, !root.pinned)
        }
        MenuItem {
            text: qsTr("Export…")
            onTriggered: root.exportRequested(root.conversationId)
        }
        MenuSeparator {}
        MenuItem {
            text: qsTr("Delete")
            onTriggered: root.deleteRequested(root.conversationId)
        }
    }
}
