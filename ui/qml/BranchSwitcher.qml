// "‹ 2/3 ›": moves between the versions of a message (edits of a question, regenerated answers).
import QtQuick
import QtQuick.Controls
import GlmChat

Row {
    id: root

    required property int current // 0-based
    required property int count
    property bool canSwitch: true

    signal switchRequested(int delta)

    spacing: 0
    ToolButton {
        objectName: "previousBranchButton"
        text: "‹"
        enabled: root.canSwitch && root.current > 0
        onClicked: root.switchRequested(-1)
        ToolTip.visible: hovered
        ToolTip.text: qsTr("Previous version")
    }
    Label {
        anchors.verticalCenter: parent.verticalCenter
        text: qsTr("%1/%2").arg(root.current + 1).arg(root.count)
        color: Theme.mutedText
    }
    ToolButton {
        objectName: "nextBranchButton"
        text: "›"
        enabled: root.canSwitch && root.current < root.count - 1
        onClicked: root.switchRequested(1)
        ToolTip.visible: hovered
        ToolTip.text: qsTr("Next version")
    }
}
