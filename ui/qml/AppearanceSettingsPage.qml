// Theme and language; both change at once.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

ColumnLayout {
    id: root

    required property SettingsModel settings

    spacing: 12

    Label {
        text: qsTr("Theme")
        color: Theme.text
        font.bold: true
    }
    ButtonGroup { id: themes }
    Repeater {
        model: [qsTr("Follow the system"), qsTr("Light"), qsTr("Dark")]
        delegate: RadioButton {
            required property int index
            required property string modelData
            objectName: "themeChoice" + index
            text: modelData
            checked: root.settings.theme === index
            ButtonGroup.group: themes
            onClicked: root.settings.theme = index
        }
    }

    Label {
        text: qsTr("Language")
        color: Theme.text
        font.bold: true
    }
    ComboBox {
        id: languageChoice
        objectName: "languageSetting"
        readonly property var codes: ["", "en", "zh_CN"]
        Layout.preferredWidth: 240
        // Language names are shown in their own language, so anyone can find theirs.
        model: [qsTr("System language"), "English", "简体中文"]
        // Set, not bound: choosing an entry replaces a binding, and switching the language
        // gives the box a new (translated) list, which starts at the first entry again.
        function showChoice() { currentIndex = Math.max(0, codes.indexOf(root.settings.language)) }
        Component.onCompleted: showChoice()
        onModelChanged: Qt.callLater(showChoice)
        onActivated: index => root.settings.language = codes[index]
        Connections {
            target: root.settings
            function onLanguageChanged() { Qt.callLater(languageChoice.showChoice) }
        }
    }
    Item { Layout.fillHeight: true }
}
