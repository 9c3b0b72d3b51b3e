// A short message (export or import result) that fades after a while.
import QtQuick
import QtQuick.Controls

Label {
    id: root

    function show(message) {
        text = message
        hideTimer.restart()
    }

    visible: text.length > 0
    wrapMode: Text.Wrap
    padding: 8
    opacity: 0.8

    Timer {
        id: hideTimer
        interval: 6000
        onTriggered: root.text = ""
    }
}
