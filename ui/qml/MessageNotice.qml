// Under a reply that did not end normally: "Stopped.", the length limit, or what went wrong and
// what to do. The partial reply above it is kept.
import QtQuick
import QtQuick.Controls
import GlmChat

Rectangle {
    id: root

    property string text
    property bool isError: false

    implicitHeight: label.implicitHeight + 12
    radius: Theme.radius / 2
    color: isError ? Theme.errorBackground : Theme.noticeBackground

    Label {
        id: label
        x: 10
        y: 6
        width: root.width - 20
        wrapMode: Text.Wrap
        text: root.text
        color: root.isError ? Theme.errorText : Theme.noticeText
        font.pixelSize: Theme.fontSize - 1
    }
}
