// Where and how the model runs: the graphics device (with the reason a device cannot be used),
// the CPU backend's threads, the context length and how compactly it is held, and the system
// prompt (ChatGLM3 and GLM-4 only).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

ScrollView {
    id: root

    required property SettingsModel settings
    required property DeviceListModel devices

    contentWidth: availableWidth

    ColumnLayout {
        width: root.availableWidth
        spacing: 12

        Label {
            text: qsTr("Graphics device")
            color: Theme.text
            font.bold: true
        }
        ComboBox {
            id: deviceChoice
            objectName: "deviceSetting"
            Layout.fillWidth: true
            model: root.devices
            textRole: "name"
            valueRole: "selector"
            currentIndex: root.devices.rowOfSelector(root.settings.deviceSelector)
            onActivated: index => root.settings.deviceSelector = root.devices.selectorAt(index)
            delegate: ItemDelegate {
                id: deviceItem
                required property int index
                required property string name
                required property string detail
                required property bool usable
                required property string reason
                width: deviceChoice.width
                enabled: usable
                contentItem: Column {
                    Label {
                        text: deviceItem.name
                        color: Theme.text
                    }
                    Label {
                        text: deviceItem.usable ? deviceItem.detail : qsTr("Cannot be used: %1").arg(deviceItem.reason)
                        color: deviceItem.usable ? Theme.mutedText : Theme.errorText
                        font.pixelSize: Theme.fontSize - 2
                        width: deviceChoice.width - 24
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: root.devices.problem.length > 0
            wrapMode: Text.Wrap
            color: Theme.errorText
            text: root.devices.problem
        }

        Label {
            text: qsTr("CPU threads")
            color: Theme.text
            font.bold: true
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 12
            CheckBox {
                id: automaticThreads
                objectName: "cpuThreadsAutomatic"
                // What "automatic" comes to, once the engine has listed the CPU backend.
                readonly property int cores: root.devices.automaticCpuThreads
                text: cores > 0 ? qsTr("Automatic (%n core(s))", "", cores) : qsTr("Automatic")
                checked: root.settings.cpuThreads === 0
                // Leaving "automatic" starts from what it came to, so nothing changes by itself.
                onToggled: root.settings.cpuThreads = checked ? 0 : threadCount.value
            }
            SpinBox {
                id: threadCount
                objectName: "cpuThreadsSetting"
                enabled: !automaticThreads.checked
                editable: true
                from: 1
                to: root.settings.maxCpuThreads
                value: root.settings.cpuThreads > 0 ? root.settings.cpuThreads : Math.max(1, automaticThreads.cores)
                onValueModified: root.settings.cpuThreads = value
                Accessible.name: qsTr("CPU threads")
            }
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.mutedText
            font.pixelSize: Theme.fontSize - 2
            text: qsTr("How many threads the CPU backend computes with; other devices do not use this. Takes effect when a model is loaded next.")
        }

        Label {
            text: qsTr("Context length")
            color: Theme.text
            font.bold: true
        }
        ComboBox {
            id: contextChoice
            objectName: "contextLengthSetting"
            Layout.fillWidth: true
            enabled: root.settings.modelLoaded
            readonly property var lengths: {
                const out = [0]
                const max = Math.max(root.settings.maxContextLength, 512)
                for (let n = 512; n <= Math.min(max, 131072); n *= 2)
                    out.push(n)
                return out
            }
            model: lengths.map(n => n === 0 ? qsTr("The model's own (at most 4096 tokens)") : qsTr("%1 tokens").arg(n))
            currentIndex: Math.max(0, lengths.indexOf(root.settings.contextLength))
            onActivated: index => root.settings.contextLength = lengths[index]
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.mutedText
            font.pixelSize: Theme.fontSize - 2
            text: qsTr("How much of the conversation the model sees. Longer contexts need more video memory; the oldest messages are left out when a chat grows beyond it.")
        }
        Switch {
            objectName: "compactKvCacheSetting"
            Layout.fillWidth: true
            enabled: root.settings.modelLoaded
            text: qsTr("Compact context memory")
            checked: root.settings.compactKvCache
            onToggled: root.settings.compactKvCache = checked
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.mutedText
            font.pixelSize: Theme.fontSize - 2
            text: qsTr("Keeps the conversation in 8-bit numbers instead of 16-bit: long contexts fit in about half the video memory, with slightly less precise replies.")
        }

        Label {
            text: qsTr("System prompt")
            color: Theme.text
            font.bold: true
        }
        TextArea {
            objectName: "systemPromptSetting"
            Layout.fillWidth: true
            Layout.preferredHeight: 90
            enabled: root.settings.modelLoaded && root.settings.hasSystemPrompt
            wrapMode: TextEdit.Wrap
            placeholderText: qsTr("For example: You are a helpful assistant. Answer briefly.")
            text: root.settings.systemPrompt
            onEditingFinished: root.settings.systemPrompt = text
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.mutedText
            font.pixelSize: Theme.fontSize - 2
            text: root.settings.modelLoaded && !root.settings.hasSystemPrompt
                  ? qsTr("This model (ChatGLM-6B or ChatGLM2-6B) has no system prompt.")
                  : qsTr("Instructions the model reads before every conversation.")
        }

        InfoBanner {
            Layout.fillWidth: true
            text: root.settings.reloadNeeded ? qsTr("The new device or context settings apply when the model is loaded again (when you close this window).") : ""
            onDismissed: root.settings.applyReload()
        }
    }
}
