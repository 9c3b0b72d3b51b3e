// "Deleted … Undo": shown for a few seconds after a delete.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Pane {
    id: root

    property string text
    property bool available: false
    property int timeout: 8000

    signal undo()

    function show() {
        shown = true
        hideTimer.restart()
    }

    property bool shown: false
    visible: shown && available
    padding: 6

    Timer {
        id: hideTimer
        interval: root.timeout
        onTriggered: root.shown = false
    }

    RowLayout {
        anchors.fill: parent
        Label {
            Layout.fillWidth: true
            text: root.text
            elide: Text.ElideRight
        }
        Button {
            objectName: "undoButton"
            text: qsTr("Undo")
            flat: true
            onClicked: {
                root.undo()
                root.shown = false
            }
        }
    }
}
