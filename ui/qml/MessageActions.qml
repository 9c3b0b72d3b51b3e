// The small buttons under a message: copy; edit (questions); regenerate (the last answer); and
// the version switcher when a message has several versions.
import QtQuick
import QtQuick.Controls
import GlmChat

Row {
    id: root

    property bool isUser: false
    property bool canEdit: false
    property bool canRegenerate: false
    property int siblingIndex: 0
    property int siblingCount: 1
    property bool canSwitch: true

    signal copyRequested()
    signal editRequested()
    signal regenerateRequested()
    signal switchRequested(int delta)

    spacing: 2

    BranchSwitcher {
        visible: root.siblingCount > 1
        current: root.siblingIndex
        count: root.siblingCount
        canSwitch: root.canSwitch
        onSwitchRequested: delta => root.switchRequested(delta)
    }
    ToolButton {
        objectName: "copyMessageButton"
        text: qsTr("Copy")
        font.pixelSize: Theme.fontSize - 2
        onClicked: root.copyRequested()
    }
    ToolButton {
        objectName: "editMessageButton"
        visible: root.isUser
        enabled: root.canEdit
        text: qsTr("Edit")
        font.pixelSize: Theme.fontSize - 2
        onClicked: root.editRequested()
    }
    ToolButton {
        objectName: "regenerateButton"
        visible: !root.isUser && root.canRegenerate
        text: qsTr("Regenerate")
        font.pixelSize: Theme.fontSize - 2
        onClicked: root.regenerateRequested()
    }
}
