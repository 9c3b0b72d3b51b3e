// A labelled slider for one number setting, with its value and what it does.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

ColumnLayout {
    id: root

    required property string label
    property string help
    property real from: 0
    property real to: 1
    property real stepSize: 0.05
    property int decimals: 2
    property real value: 0
    // Shown instead of the number at this value (e.g. "off").
    property real specialValue: NaN
    property string specialText

    signal moved(real value)

    spacing: 2

    RowLayout {
        Layout.fillWidth: true
        Label {
            Layout.fillWidth: true
            text: root.label
            color: Theme.text
        }
        Label {
            text: root.value === root.specialValue ? root.specialText
                  : Number(root.value).toLocaleString(Qt.locale(), "f", root.decimals)
            color: Theme.mutedText
        }
    }
    Slider {
        Layout.fillWidth: true
        from: root.from
        to: root.to
        stepSize: root.stepSize
        value: root.value
        onMoved: root.moved(value)
    }
    Label {
        Layout.fillWidth: true
        visible: root.help.length > 0
        text: root.help
        wrapMode: Text.Wrap
        color: Theme.mutedText
        font.pixelSize: Theme.fontSize - 2
    }
}
