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

    header: Label {
        text: dialog.title
        color: Theme.text
        font.bold: true
        font.pixelSize: Theme.fontSize + 2
        padding: 12
        bottomPadding: 0
    }
    footer: DialogButtonBox {
        palette: settingsPane.palette
        Button {
            objectName: "closeSettingsButton"
            text: qsTr("Close")
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
        }
    }

    // Qt 6.4 does not pass a changed window palette on to a popup that is open: the theme
    // chosen on the Appearance page reached this dialog only when it was opened again. The
    // pages sit in a pane whose palette follows the theme itself (the title and the buttons
    // below take theirs from it too).
    contentItem: Pane {
        id: settingsPane
        padding: 0
        background: null
        palette.window: Theme.surface
        palette.windowText: Theme.text
        palette.base: Theme.surface
        palette.text: Theme.text
        palette.button: Theme.surface
        palette.buttonText: Theme.text
        palette.highlight: Theme.selection
        palette.highlightedText: Theme.text
        palette.mid: Theme.border
        palette.dark: Theme.border
        palette.light: Theme.surface
        palette.placeholderText: Theme.mutedText

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing

            TabBar {
                id: tabs
                objectName: "settingsTabs"
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
}
