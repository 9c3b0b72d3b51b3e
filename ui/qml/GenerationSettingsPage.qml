// How the current model writes its replies: sampling and reply length. Stored per model; the
// next reply uses them.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

ScrollView {
    id: root

    required property SettingsModel settings

    contentWidth: availableWidth

    ColumnLayout {
        width: root.availableWidth
        spacing: 14
        enabled: root.settings.modelLoaded

        Label {
            Layout.fillWidth: true
            visible: !root.settings.modelLoaded
            wrapMode: Text.Wrap
            color: Theme.mutedText
            text: qsTr("Load a model to change how it writes. Each model keeps its own settings.")
        }
        SettingSlider {
            objectName: "temperatureSetting"
            Layout.fillWidth: true
            label: qsTr("Temperature")
            help: qsTr("Higher values give more varied replies, lower values more predictable ones; 0 always picks the most likely word.")
            from: 0; to: 2; stepSize: 0.05
            value: root.settings.temperature
            onMoved: v => root.settings.temperature = v
        }
        SettingSlider {
            Layout.fillWidth: true
            label: qsTr("Top-p")
            help: qsTr("Only the most likely words that together make up this share of the probability are considered.")
            from: 0.05; to: 1; stepSize: 0.05
            value: root.settings.topP
            onMoved: v => root.settings.topP = v
        }
        SettingSlider {
            Layout.fillWidth: true
            label: qsTr("Top-k")
            help: qsTr("Only this many of the most likely words are considered.")
            from: 0; to: 200; stepSize: 1; decimals: 0
            specialValue: 0
            specialText: qsTr("off")
            value: root.settings.topK
            onMoved: v => root.settings.topK = Math.round(v)
        }
        SettingSlider {
            Layout.fillWidth: true
            label: qsTr("Repetition penalty")
            help: qsTr("Values above 1 make the model less likely to repeat itself.")
            from: 1; to: 2; stepSize: 0.05
            specialValue: 1
            specialText: qsTr("off")
            value: root.settings.repetitionPenalty
            onMoved: v => root.settings.repetitionPenalty = v
        }
        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: qsTr("Longest reply (tokens)")
                color: Theme.text
            }
            SpinBox {
                objectName: "maxNewTokensSetting"
                from: 16
                to: 32768
                stepSize: 64
                editable: true
                value: root.settings.maxNewTokens
                onValueModified: root.settings.maxNewTokens = value
            }
        }
        Button {
            text: qsTr("Reset to the model's defaults")
            onClicked: root.settings.resetModelPreferences()
        }
    }
}
