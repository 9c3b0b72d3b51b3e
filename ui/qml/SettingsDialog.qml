// The settings: how the model writes, where and how it runs, and how the app looks. Values are
// stored as they change; a new device or context length reloads the model when this closes.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

Dialog {
    id: dialog

    required property SettingsModel settings
    required property DeviceListModel devices

    title: qsTr("Settings")
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(640, (parent ? parent.width : 640) - 40)
    height: Math.min(640, (parent ? parent.height : 640) - 40)
    onClosed: if (settings.reloadNeeded) settings.applyReload()

    footer: DialogButtonBox {
        Button {
            objectName: "closeSettingsButton"
            text: qsTr("Close")
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        TabBar {
            id: tabs
            Layout.fillWidth: true
            TabButton { text: qsTr("Replies") }
            TabButton { text: qsTr("Model") }
            TabButton { text: qsTr("Appearance") }
        }
        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: tabs.currentIndex
            GenerationSettingsPage {
                settings: dialog.settings
            }
            ModelSettingsPage {
                settings: dialog.settings
                devices: dialog.devices
            }
            AppearanceSettingsPage {
                settings: dialog.settings
            }
        }
    }
}
